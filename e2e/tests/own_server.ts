import { test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { endToEnd } from "../playwright.config";

const ROOT = join(__dirname, "..", "..");
const PROJECTS = ["desktop-js-on", "desktop-js-off", "phone-js-on", "phone-js-off"];

export interface OwnServer {
  base: string;
  stop: () => void;
}

/**
 * A server of this project's own (fresh SQLite, demo data) on `firstPort`
 * plus the project's index, for a spec whose steps would get in the way of
 * the other projects on the shared server (a maintenance window stops every
 * page; a survey is closed once). Resolves once it answers `/health`.
 */
export async function startOwnServer(name: string, firstPort: number, env: Record<string, string> = {}): Promise<OwnServer> {
  const project = test.info().project.name;
  const port = firstPort + Math.max(0, PROJECTS.indexOf(project));
  const base = `http://127.0.0.1:${port}`;
  const database = join(ROOT, "target", "e2e", `${name}-${project}.sqlite`);
  rmSync(database, { force: true });
  const server: ChildProcess = spawn(join(ROOT, "target", "release", "server"), [], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      DATABASE_URL: `sqlite://${database}`,
      SPORTELLO_CONTENT_DIR: "content",
      SPORTELLO_DEMO_DATA: "1",
      RUST_LOG: "error",
      ...env,
    },
  });
  const deadline = Date.now() + endToEnd.server.startup_timeout_seconds * 1000;
  for (;;) {
    const healthy = await fetch(`${base}/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (server.exitCode !== null) throw new Error(`the ${name} server exited with ${server.exitCode}`);
    if (Date.now() > deadline) throw new Error(`the ${name} server did not answer on ${base}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { base, stop: () => server.kill() };
}
