import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { randomFiscalCode } from "./totp";
import { logInAsCitizen } from "./citizen";

/** No link or form on the page opens a new window or tab. */
async function expectNoNewWindows(page: Page) {
  await expect(page.locator("[target]:not([target='_self'])")).toHaveCount(0);
}

const DESCRIPTION = "Ricarica del borsellino della mensa scolastica: Luca Rossi, scuola Manzoni";

/** On the simulator's page (pagoPA Checkout in development): a provider and an outcome. */
async function payOnSimulator(page: Page, outcome: string, description: string | RegExp = DESCRIPTION, amount = "45,50 €", receiptAfterReturn = false) {
  await expect(page).toHaveURL(/\/simulatore-pagopa\/carrello\//);
  await expect(page.getByRole("heading", { level: 1, name: "Scegli come pagare" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: description })).toContainText(amount);
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Prestatore di servizi di pagamento" }).getByLabel("Banca di prova").check();
  await page.getByRole("group", { name: "Esito da simulare" }).getByLabel(outcome).check();
  if (receiptAfterReturn) {
    await page.getByRole("group", { name: "Consegna della ricevuta" }).getByLabel(/dopo il ritorno al sito del Comune/).check();
  }
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

test("a citizen creates a spontaneous payment, fixes a mistake, downloads the notice, pays it (abandoned, refused, then paid), downloads the receipt and checks the notice publicly", async ({ page }) => {
  // Three trips to pagoPA and nine accessibility checks: on a phone without
  // JavaScript this flow takes about a minute.
  test.setTimeout(180_000);
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

  // Paid, with the receipt arriving after the return, as the real node often
  // does: confirmed only once it arrives. With JavaScript the page changes by
  // itself (the same document: no reload); without, its refresh link shows it.
  await payFromMyPayments(page);
  await payOnSimulator(page, "Pagamento riuscito", DESCRIPTION, "45,50 €", true);
  const outcome = page.getByRole("status");
  await expect(outcome).toContainText("In attesa di conferma");
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(page.getByText("Lo stato si aggiorna da solo")).toBeVisible();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await expect(outcome).toContainText("Pagamento confermato: la ricevuta di pagoPA è arrivata.", { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), "the page was not reloaded").toBe(true);
  } else {
    await expect
      .poll(
        async () => {
          await page.getByRole("link", { name: "Aggiorna lo stato" }).click();
          return (await outcome.textContent()) ?? "";
        },
        { timeout: 20_000, intervals: [1_000] },
      )
      .toContain("Pagamento confermato: la ricevuta di pagoPA è arrivata.");
  }

  await page.getByRole("link", { name: "Torna a «I miei pagamenti»" }).click();
  const paid = page.getByRole("region", { name: "Pagati" });
  await expect(paid.getByRole("heading", { name: DESCRIPTION })).toBeVisible();
  await expect(paid).toContainText("Banca di prova");
  await expect(page.getByRole("region", { name: "Da pagare" })).toContainText("Non hai avvisi da pagare.");
  await expectNoAxeViolations(page);

  // The receipt, as a PDF download in the same tab.
  const [receipt] = await Promise.all([page.waitForEvent("download"), paid.getByRole("link", { name: `Scarica la ricevuta (PDF): ${DESCRIPTION}` }).click()]);
  expect(receipt.suggestedFilename()).toMatch(/^ricevuta-3010\d{14}\.pdf$/);

  // Anyone holding the notice sees that it is paid, and nothing else.
  const noticeCode = ((await paid.textContent()) ?? "").match(/\d{4} \d{4} \d{4} \d{4} \d{2}/)?.[0] ?? "";
  expect(noticeCode).not.toEqual("");
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Pagamenti" }).click();
  await page.getByRole("link", { name: "Verifica un pagamento" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Verifica un pagamento" })).toBeVisible();
  await page.getByLabel("Codice fiscale dell'ente creditore").fill("00000000000");
  await page.getByLabel("Codice avviso").fill("3010 0000 0000 0000 00");
  await page.getByRole("button", { name: "Verifica", exact: true }).click();
  await expect(page.getByText("Nessun avviso del Comune corrisponde")).toBeVisible();
  await expect(page.getByLabel("Codice avviso")).toHaveValue("3010 0000 0000 0000 00");
  await page.getByLabel("Codice avviso").fill(noticeCode);
  await page.getByRole("button", { name: "Verifica", exact: true }).click();
  await expect(page.getByText("Pagato: la ricevuta di pagoPA è arrivata")).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(DESCRIPTION);
  await expect(page.getByRole("main")).not.toContainText("45,50");
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
  expect(opened).toEqual([]);
});

test("a citizen pays the fee of an accident report's copy before sending the request: refused until paid, abandoned, refused, then paid", async ({ page }) => {
  const opened: string[] = [];
  page.on("popup", (popup) => opened.push(popup.url()));
  await logInAsCitizen(page, randomFiscalCode(), "/pratiche/copia-rapporto-incidente");
  await expect(page.getByText("25,00 €").first()).toBeVisible();
  await page.getByRole("link", { name: "Compila la domanda" }).click();
  await page.getByRole("button", { name: "Inizia la compilazione" }).click();
  await page.getByLabel("Email").fill("cittadino@example.it");
  await page.getByLabel("Per me stesso o stessa").check();
  await page.getByRole("button", { name: "Salva e continua" }).click();
  const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000);
  const day = `${String(tenDaysAgo.getDate()).padStart(2, "0")}/${String(tenDaysAgo.getMonth() + 1).padStart(2, "0")}/${tenDaysAgo.getFullYear()}`;
  await page.getByLabel("Data dell'incidente").fill(day);
  await page.getByLabel("Luogo dell'incidente").fill("Via Madonna 12");
  await page.getByRole("group", { name: "Veicolo 1" }).getByLabel("Targa").fill("EF456GH");
  await page.getByLabel("Una persona coinvolta").check();
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
  const summaryPath = new URL(page.url()).pathname;

  // Sending before paying: refused, the reason first, nothing lost.
  await page.getByLabel(/Dichiaro che quanto indicato è vero/).check();
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#error-summary")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("Paga il costo prima di inviare la domanda");
  await expect(page.getByLabel(/Dichiaro che quanto indicato è vero/)).toBeChecked();
  await expectNoAxeViolations(page);
  const feeDescription = /Diritti di ricerca e copia del rapporto di incidente — Copia del rapporto di incidente stradale/;

  // Abandoned and refused: each time back to the application, still to pay.
  for (const [outcome, after] of [
    ["Pagamento abbandonato", "Hai lasciato la pagina di pagamento di pagoPA senza pagare."],
    ["Pagamento rifiutato dalla banca", "pagoPA ha segnalato un problema con il pagamento."],
  ]) {
    await page.getByRole("region", { name: "Costo" }).getByRole("button", { name: "Paga online il costo (25,00 €)" }).click();
    await payOnSimulator(page, outcome, feeDescription, "25,00 €");
    await expect(page.getByText(after)).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Pagamento non completato");
    await page.getByRole("link", { name: "Torna alla domanda" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
  }
  await page.getByRole("region", { name: "Costo" }).getByRole("button", { name: "Paga online il costo (25,00 €)" }).click();
  await payOnSimulator(page, "Pagamento riuscito", feeDescription, "25,00 €");
  await expect(page.getByRole("status")).toContainText("Pagamento confermato: la ricevuta di pagoPA è arrivata.");
  await page.getByRole("link", { name: "Torna alla domanda" }).click();
  await expect(page).toHaveURL(new RegExp(`${summaryPath}$`));
  await expect(page.getByRole("region", { name: "Costo" })).toContainText("Costo pagato");
  await expectNoAxeViolations(page);

  // Now it is sent; the practice shows the fee paid, and its receipt.
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page.getByRole("heading", { name: "Domanda inviata" })).toBeVisible();
  const paidFee = page.getByRole("region", { name: "Costo della pratica" });
  await expect(paidFee).toContainText("25,00 €");
  await expect(paidFee).toContainText("Banca di prova");
  await expect(paidFee.getByRole("button", { name: /^Paga online/ })).toHaveCount(0);
  const [receipt] = await Promise.all([page.waitForEvent("download"), paidFee.getByRole("link", { name: /^Scarica la ricevuta \(PDF\): Diritti di ricerca e copia/ }).click()]);
  expect(receipt.suggestedFilename()).toMatch(/^ricevuta-3010\d{14}\.pdf$/);
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
  expect(opened).toEqual([]);
});

test("a citizen cancels a notice created by mistake, after confirming, and can no longer pay it", async ({ page }) => {
  const opened: string[] = [];
  page.on("popup", (popup) => opened.push(popup.url()));
  await logInAsCitizen(page, randomFiscalCode(), "/pagamenti");
  await page.getByRole("link", { name: "Paga: Ricarica del borsellino della mensa scolastica" }).click();
  await page.getByLabel("Causale").fill("Luca Rossi, importo sbagliato");
  await page.getByLabel("Importo in euro").fill("450");
  await page.getByRole("button", { name: "Crea l'avviso di pagamento" }).click();
  const mistaken = "Ricarica del borsellino della mensa scolastica: Luca Rossi, importo sbagliato";
  const toPay = page.getByRole("region", { name: "Da pagare" });
  await expect(toPay.getByRole("heading", { name: mistaken })).toBeVisible();

  // The cancellation is folded away; without the confirmation it is refused with the reason first.
  await toPay.getByText("Annulla questo avviso").click();
  await page.getByRole("button", { name: `Annulla l'avviso: ${mistaken}` }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert")).toContainText("spunta la conferma");
  await expect(page.getByRole("region", { name: "Da pagare" }).getByRole("heading", { name: mistaken })).toBeVisible();
  await expectNoAxeViolations(page);

  // Confirmed: cancelled, listed among the cancelled, not payable any more.
  await page.getByRole("region", { name: "Da pagare" }).getByText("Annulla questo avviso").click();
  await page.getByLabel(`Confermo: annulla l'avviso «${mistaken}»`).check();
  await page.getByRole("button", { name: `Annulla l'avviso: ${mistaken}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Avviso annullato" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Annullati" }).getByRole("heading", { name: mistaken })).toBeVisible();
  await expect(page.getByRole("region", { name: "Da pagare" })).toContainText("Non hai avvisi da pagare.");
  await expect(page.getByRole("button", { name: `Paga online: ${mistaken}` })).toHaveCount(0);
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
  expect(opened).toEqual([]);
});
