import { expect, test } from "@playwright/test";
import { visit } from "./accessibility";
import { logInAsCitizen } from "./citizen";
import { expectLighthouseMobile100 } from "./lighthouse";
import { randomFiscalCode } from "./totp";

// Lighthouse's mobile audit of pages without islands, the ones issue 22
// found at 100 and says must stay there: a service sheet kept for every
// anonymous visitor, and a signed-in page (its header in bold, which once
// shifted the page when the bold weight came late). The island pages are
// audited in islands.spec.ts once their island has worked.
test.describe("Lighthouse mobile performance of pages without islands", () => {
  test.skip(({ isMobile, javaScriptEnabled }) => !isMobile || javaScriptEnabled === false, "Lighthouse's own run is a phone's, with JavaScript");
  test.use({ serviceWorkers: "block" });
  // Each Lighthouse run loads the page afresh in a browser of its own, about 15 s here; up to three.
  test.setTimeout(180_000);

  test("a service sheet", async ({ page }) => {
    await visit(page, "/servizi/cambio-di-residenza");
    await expect(page.getByRole("heading", { level: 1, name: "Cambio di residenza" })).toBeVisible();
    await expectLighthouseMobile100(page, "a service sheet");
  });

  test("Le mie pratiche, signed in", async ({ page }) => {
    await logInAsCitizen(page, randomFiscalCode(), "/area-personale/pratiche");
    await expect(page.getByRole("heading", { level: 1, name: "Le mie pratiche" })).toBeVisible();
    await expectLighthouseMobile100(page, "Le mie pratiche");
  });
});
