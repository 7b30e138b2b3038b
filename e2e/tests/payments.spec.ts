import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { randomFiscalCode } from "./totp";

/** No link or form on the page opens a new window or tab. */
async function expectNoNewWindows(page: Page) {
  await expect(page.locator("[target]:not([target='_self'])")).toHaveCount(0);
}

const DESCRIPTION = "Ricarica del borsellino della mensa scolastica: Luca Rossi, scuola Manzoni";

/** On the simulator's page (pagoPA Checkout in development): a provider and an outcome. */
async function payOnSimulator(page: Page, outcome: string) {
  await expect(page).toHaveURL(/\/simulatore-pagopa\/carrello\//);
  await expect(page.getByRole("heading", { level: 1, name: "Scegli come pagare" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: DESCRIPTION })).toContainText("45,50 €");
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Prestatore di servizi di pagamento" }).getByLabel("Banca di prova").check();
  await page.getByRole("group", { name: "Esito da simulare" }).getByLabel(outcome).check();
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Esito del pagamento" })).toBeVisible();
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
}

async function payFromMyPayments(page: Page) {
  await page.getByRole("link", { name: "Torna a «I miei pagamenti»" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "I miei pagamenti" })).toBeVisible();
  await page.getByRole("button", { name: `Paga online: ${DESCRIPTION}` }).click();
}

test("a citizen creates a spontaneous payment, fixes a mistake, downloads the notice and pays it: abandoned, refused, then paid", async ({ page }) => {
  const opened: string[] = [];
  page.on("popup", (popup) => opened.push(popup.url()));
  await visit(page, "/");
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Pagamenti" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pagamenti" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Paga: Ricarica del borsellino della mensa scolastica" }).click();

  // Not logged in: SPID (the test identity provider), then back to the form.
  await page.getByText("Scegli il tuo gestore di identità SPID").click();
  await page.getByRole("link", { name: "Identità SPID di prova (solo sviluppo)" }).click();
  await page.getByLabel("Codice fiscale").fill(randomFiscalCode());
  await page.getByLabel("Livello di autenticazione").selectOption("1");
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await page.getByRole("button", { name: "Torna al servizio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ricarica del borsellino della mensa scolastica" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A mistake: the form again, the summary first, nothing typed lost.
  await page.getByLabel("Causale").fill("Lu");
  await page.getByLabel("Importo in euro").fill("1000");
  await page.getByRole("button", { name: "Crea l'avviso di pagamento" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#riepilogo-errori")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("La causale è troppo breve");
  await expect(page.getByRole("alert")).toContainText("l'importo va da 5,00 € a 500,00 €");
  await expect(page.getByLabel("Causale")).toHaveValue("Lu");
  await expect(page.getByLabel("Importo in euro")).toHaveValue("1000");
  await expectNoAxeViolations(page);
  await page.getByLabel("Causale").fill("Luca Rossi, scuola Manzoni");
  await page.getByLabel("Importo in euro").fill("45,50");
  await page.getByRole("button", { name: "Crea l'avviso di pagamento" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "I miei pagamenti" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Avviso creato" })).toBeVisible();
  const toPay = page.getByRole("region", { name: "Da pagare" });
  await expect(toPay.getByRole("heading", { name: DESCRIPTION })).toBeVisible();
  await expect(toPay).toContainText("45,50 €");
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);

  // The notice, as a PDF download in the same tab.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Scarica l'avviso (PDF): ${DESCRIPTION}` }).click()]);
  expect(download.suggestedFilename()).toMatch(/^avviso-3010\d{14}\.pdf$/);

  // Abandoned on pagoPA: back here, nothing paid.
  await page.getByRole("button", { name: `Paga online: ${DESCRIPTION}` }).click();
  await payOnSimulator(page, "Pagamento abbandonato");
  await expect(page.getByText("Hai lasciato la pagina di pagamento di pagoPA senza pagare.")).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Pagamento non completato");

  // Refused by the bank.
  await payFromMyPayments(page);
  await payOnSimulator(page, "Pagamento rifiutato dalla banca");
  await expect(page.getByText("pagoPA ha segnalato un problema con il pagamento.")).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Pagamento non completato");

  // Paid: confirmed only because the receipt arrived.
  await payFromMyPayments(page);
  await payOnSimulator(page, "Pagamento riuscito");
  await expect(page.getByRole("status")).toContainText("Pagamento confermato: la ricevuta di pagoPA è arrivata.");

  await page.getByRole("link", { name: "Torna a «I miei pagamenti»" }).click();
  const paid = page.getByRole("region", { name: "Pagati" });
  await expect(paid.getByRole("heading", { name: DESCRIPTION })).toBeVisible();
  await expect(paid).toContainText("Banca di prova");
  await expect(page.getByRole("region", { name: "Da pagare" })).toContainText("Non hai avvisi da pagare.");
  await expectNoAxeViolations(page);
  expect(opened).toEqual([]);
});
