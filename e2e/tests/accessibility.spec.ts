import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";

// Every other test trusts the audit's silence: this one shows that it speaks.
test("the accessibility audit reports a page's violations", async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.javaScriptEnabled === false, "the page is planted in the browser; the audit with JavaScript off reads the server's HTML");
  await page.route("**/prova-audit-accessibilita", (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html; charset=utf-8",
      body: '<!doctype html><html lang="it"><head><title>Prova</title></head><body><main><h1>Prova</h1><img src="data:,"><input type="text"></main></body></html>',
    }),
  );
  await page.goto("/prova-audit-accessibilita");
  await expect(expectNoAxeViolations(page)).rejects.toThrow(/image-alt[\s\S]*label|label[\s\S]*image-alt/);
});
