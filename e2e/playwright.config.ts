import { defineConfig, type Project } from "@playwright/test";
import { parse } from "smol-toml";
import { readFileSync } from "node:fs";
import { join } from "node:path";

type EndToEndConfig = {
  server: { address: string; startup_timeout_seconds: number };
  smart_card: { address: string; pki: string };
  map: { tile_address: string };
  maintenance: { first_port: number };
  surveys: { first_port: number };
  browser: { executable: string; args: string[] };
  viewports: Record<string, { width: number; height: number }>;
  suites: { directory: string; javascript: string[] };
};

const root = join(__dirname, "..");
export const endToEnd = parse(readFileSync(join(root, "end2end.toml"), "utf8")) as unknown as EndToEndConfig;

const projects: Project[] = [];
for (const [viewportName, viewport] of Object.entries(endToEnd.viewports)) {
  for (const javascript of endToEnd.suites.javascript) {
    const phone = viewportName === "phone";
    projects.push({
      name: `${viewportName}-js-${javascript}`,
      use: {
        viewport,
        javaScriptEnabled: javascript === "on",
        isMobile: phone,
        hasTouch: phone,
        deviceScaleFactor: phone ? 2.625 : 1,
      },
    });
  }
}

export default defineConfig({
  testDir: join(root, endToEnd.suites.directory),
  outputDir: join(root, "target/e2e/results"),
  globalSetup: join(__dirname, "global-setup.ts"),
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://${endToEnd.server.address}`,
    locale: "it-IT",
    launchOptions: { executablePath: endToEnd.browser.executable, args: endToEnd.browser.args },
    trace: "off",
  },
  projects,
});
