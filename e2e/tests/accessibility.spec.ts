import { expect, test, type Route } from "@playwright/test";
import { expectNoAxeViolations } from "./accessibility";

const page_with = (main: string) =>
  `<!doctype html><html lang="it"><head><title>Prova</title></head><body><main><h1>Prova</h1>${main}</main></body></html>`;
const fulfil = (route: Route, body: string) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });

// Every other test trusts the audit's silence: these show that it speaks.
test("the accessibility audit reports a page's violations", async ({ page }) => {
  await page.route("**/prova-audit-accessibilita", (route) => fulfil(route, page_with('<img src="data:,"><input type="text">')));
  await page.goto("/prova-audit-accessibilita");
  await expect(expectNoAxeViolations(page)).rejects.toThrow(/image-alt[\s\S]*label|label[\s\S]*image-alt/);
});

// A form sent back with its mistakes is the answer to a post: the audit must
// read the page the browser shows, not the same address asked for again.
test("the accessibility audit reads the page a post answered", async ({ page }) => {
  await page.route("**/prova-audit-modulo", (route) =>
    fulfil(
      route,
      route.request().method() === "POST"
        ? page_with('<p>Il modulo ha errori.</p><img src="data:,">')
        : page_with('<form method="post"><button type="submit">Invia</button></form>'),
    ),
  );
  await page.goto("/prova-audit-modulo");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Invia" }).click();
  await expect(page.getByText("Il modulo ha errori.")).toBeVisible();
  await expect(expectNoAxeViolations(page)).rejects.toThrow(/image-alt/);
});
