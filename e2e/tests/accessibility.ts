import { source as axeSource } from "axe-core";
import { createHash } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Violation = { id: string; impact?: string | null; nodes: { target: unknown[] }[] };

function describe(violations: Violation[]): string[] {
  return violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) and fails on any violation.
 *
 * axe is a script, and a page with JavaScript disabled cannot run it. In the
 * JavaScript-off runs the document the browser shows (its HTML as parsed:
 * with no script running it is what the server sent, also when that was the
 * answer to a post, such as a form sent back with its mistakes) is audited in
 * a helper page with every executable script removed, styled by the same CSS.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  if (test.info().project.use.javaScriptEnabled !== false) {
    const key = documentKey(await page.content());
    if (auditedDocuments.has(key)) return;
    const results = await runAxe(page);
    expect(describe(results.violations), `axe violations on ${page.url()}`).toEqual([]);
    auditedDocuments.add(key);
    return;
  }
  const url = page.url();
  const html = (await page.content()).replace(/<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script>/gi, "");
  const key = documentKey(html);
  if (auditedDocuments.has(key)) return;
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser to run axe in");
  const auditPage = await auditPageFor(browser, page.viewportSize());
  const documentUrl = url.split("#")[0];
  await auditPage.unrouteAll({ behavior: "wait" });
  await auditPage.route(documentUrl, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await auditPage.goto(documentUrl);
  const results = await runAxe(auditPage);
  expect(describe(results.violations), `axe violations on ${url} (JavaScript off)`).toEqual([]);
  auditedDocuments.add(key);
}

/**
 * The documents this worker has audited, by their HTML with the values of
 * hidden inputs left out (CSRF tokens and SAML request ids differ on every
 * load; a hidden input is nothing axe checks). A flow shows the same document
 * many times (each login passes the same pages; a check often follows a
 * visit that already audited the unchanged page): its result cannot differ,
 * so each distinct document is audited once per worker (one project, so one
 * viewport and JavaScript setting).
 */
const auditedDocuments = new Set<string>();

function documentKey(html: string): string {
  const withoutHiddenValues = html.replace(/<input\b[^>]*>/gi, (tag) => (/\btype="hidden"/i.test(tag) ? tag.replace(/\svalue="[^"]*"/i, "") : tag));
  return createHash("sha256").update(withoutHiddenValues).digest("hex");
}

/**
 * axe-core run in the page itself, as its own documentation shows: the
 * source injected once, then `axe.run` on the document with the WCAG 2.1 A
 * and AA rules, asking only for violations (the passes are never read). The
 * wrapper @axe-core/playwright injected the 550 KB source three times per
 * audit and finished each one in a new blank page; measured here on the
 * desktop project: axe's share 172 s → 62 s for the same 156 audits, the
 * project's run 149 s → 97–102 s. The pages have no frames to recurse into.
 */
async function runAxe(page: Page): Promise<{ violations: Violation[] }> {
  await page.evaluate(axeSource);
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    WCAG_21_AA,
  );
}

/**
 * One audit page per browser and viewport, kept for the worker's life: a new
 * browser context for every check cost more than the check (it also fetched
 * the CSS and fonts again each time). Playwright applies the project's
 * options to new contexts too, so JavaScript is turned back on explicitly.
 */
const auditPages = new WeakMap<Browser, Map<string, Page>>();

async function auditPageFor(browser: Browser, viewport: { width: number; height: number } | null): Promise<Page> {
  const byViewport = auditPages.get(browser) ?? new Map<string, Page>();
  auditPages.set(browser, byViewport);
  const key = viewport ? `${viewport.width}x${viewport.height}` : "default";
  const existing = byViewport.get(key);
  if (existing && !existing.isClosed()) return existing;
  const auditContext = await browser.newContext({ javaScriptEnabled: true, viewport: viewport ?? undefined, serviceWorkers: "block" });
  const auditPage = await auditContext.newPage();
  byViewport.set(key, auditPage);
  return auditPage;
}

/** Opens a page, checks it answered 2xx, and runs axe on it. */
export async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.ok(), `${path} answered ${response?.status()}`).toBeTruthy();
  await expectNoAxeViolations(page);
}
