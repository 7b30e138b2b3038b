import { expect, type Page } from "@playwright/test";
import { endToEnd } from "../playwright.config";

const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

/**
 * Lighthouse's performance audit with its mobile settings (a mid-range phone,
 * simulated slow 4G and a 4 x slower CPU) of the page the test reached, in a
 * browser of its own (Debian's, as the suite's) that sends the test's cookies,
 * so a signed-in page is audited as its citizen sees it. Prints the score and
 * the metrics; fails when no run reaches 100 (issue 22: the island pages stay at 100).
 */
export async function expectLighthouseMobile100(page: Page, name: string): Promise<void> {
  // Lighthouse and chrome-launcher are ES modules: loaded when a test needs them.
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const cookie = (await page.context().cookies(page.url())).map(({ name, value }) => `${name}=${value}`).join("; ");
  const chrome = await chromeLauncher.launch({
    chromePath: endToEnd.browser.executable,
    chromeFlags: ["--headless", ...endToEnd.browser.args],
  });
  try {
    // Lighthouse's figures vary from run to run, most with the machine's load
    // (its blocking time is the trace's own, slowed four times): up to three
    // runs, the first at 100 passes; a page that never reaches it fails.
    const runs: string[] = [];
    for (let run = 1; run <= 3; run += 1) {
      const result = await lighthouse(page.url(), {
        port: chrome.port,
        onlyCategories: ["performance"],
        logLevel: "error",
        extraHeaders: cookie ? { Cookie: cookie } : undefined,
      });
      expect(result, `Lighthouse ran on ${name}`).toBeTruthy();
      const { lhr } = result!;
      expect(lhr.runtimeError, `Lighthouse's error on ${name}`).toBeUndefined();
      const score = Math.round((lhr.categories.performance.score ?? 0) * 100);
      const metrics = METRICS.map((id) => `${id} ${lhr.audits[id].displayValue ?? lhr.audits[id].numericValue} (${lhr.audits[id].score})`);
      runs.push(`${score} (${metrics.join(", ")}; benchmark index ${lhr.environment.benchmarkIndex})`);
      console.log(`Lighthouse mobile performance on ${name}, run ${run}: ${runs[runs.length - 1]}`);
      if (score === 100) return;
      const culprits = {
        largestPaint: lhr.audits["largest-contentful-paint-element"]?.details,
        layoutShifts: lhr.audits["layout-shifts"]?.details,
        longTasks: lhr.audits["long-tasks"]?.details,
      };
      console.log(JSON.stringify(culprits));
    }
    expect(runs, `Lighthouse mobile performance on ${name}: no run at 100`).toEqual([]);
  } finally {
    chrome.kill();
  }
}
