import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";

// The portal's real SPID service provider against the built-in test identity
// provider (SPORTELLO_SPID_TEST_IDP=1 on the e2e server): signed requests,
// signed answers, the whole trip in the same tab, no popup, no script needed.

const provider = "Identità SPID di prova (solo sviluppo)";

async function chooseTestProvider(page: import("@playwright/test").Page) {
  await page.getByText("Scegli il tuo gestore di identità SPID").click();
  await page.getByRole("link", { name: provider }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accedi con SPID (prova)" })).toBeVisible();
  await expectNoAxeViolations(page);
}

test("a citizen logs in with SPID level 1, lands back on the sheet, then steps up to level 2", async ({ page }) => {
  await visit(page, "/servizi/cambio-di-residenza");
  await page.getByRole("link", { name: "Accedi all'area personale" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Entra con SPID" })).toBeVisible();
  await expectNoAxeViolations(page);
  await chooseTestProvider(page);
  await expect(page.getByText("chiede di accedere con SPID di livello 1")).toBeVisible();
  await page.getByLabel("Livello di autenticazione").selectOption("1");
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await expect(page.getByText("Identità confermata.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Torna al servizio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cambio di residenza" })).toBeVisible();

  await visit(page, "/area-personale");
  await expect(page.getByText("SPID (livello 1)")).toBeVisible();

  // Step up: the level-2 page offers SPID level 2 (a new authentication is forced).
  await visit(page, "/accedi/livello-2?ritorno=%2Farea-personale");
  await chooseTestProvider(page);
  await expect(page.getByText("chiede di accedere con SPID di livello 2 (nuova autenticazione richiesta)")).toBeVisible();
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await page.getByRole("button", { name: "Torna al servizio" }).click();
  await expect(page.getByText("SPID (livello 2)")).toBeVisible();
  await expectNoAxeViolations(page);

  // Logging out ends the provider's session too (single logout), in the same tab.
  await page.getByRole("button", { name: "Esci", exact: true }).click();
  await expect(page.getByText("Sei uscito dall'area personale.")).toBeVisible();
  await expect(page).toHaveURL(/\/accedi\?uscito=1$/);
});

test("an answer below the level asked for is refused with a clear message", async ({ page }) => {
  // The step-up page's SPID links ask for level 2; this is where they lead.
  await visit(page, "/spid/accedi?idp=prova&livello=2&ritorno=%2Farea-personale");
  await expect(page.getByText("chiede di accedere con SPID di livello 2")).toBeVisible();
  await page.getByLabel("Livello di autenticazione").selectOption("1");
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await page.getByRole("button", { name: "Torna al servizio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accesso con SPID non riuscito" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("livello di sicurezza inferiore");
  await expect(page).toHaveTitle(/^Errore: /);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Torna alla scelta dell'accesso" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accedi all'area personale" })).toBeVisible();
});
