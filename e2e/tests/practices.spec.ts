import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { expectNoAxeViolations, visit } from "./accessibility";
import { randomFiscalCode } from "./totp";

test("find a procedure in the catalogue, read what it needs, and reach it from its service sheet", async ({ page }) => {
  await visit(page, "/");
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Pratiche online" }).click();
  await expect(page).toHaveURL(/\/pratiche$/);
  await expect(page.getByRole("heading", { level: 1, name: "Pratiche online" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Trasparenza amministrativa" }).getByRole("link", { name: "Accesso civico generalizzato (FOIA)" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("region", { name: "Tributi e tasse locali" }).getByRole("link", { name: "TARI: iscrizione (inizio occupazione)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "TARI: iscrizione (inizio occupazione)" })).toBeVisible();
  const before = page.getByRole("region", { name: "Prima di iniziare" });
  await expect(before.getByRole("listitem").filter({ hasText: "Contratto di affitto, atto di acquisto o di comodato" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Tempi e costi" })).toContainText("entro 60 giorni di calendario");
  await expect(page.getByRole("region", { name: "Informativa sul trattamento dei dati personali" })).toContainText("Piazza Visconti 23");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Leggi la scheda del servizio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "TARI: iscrizione alla tassa sui rifiuti" })).toBeVisible();
  await page.getByRole("link", { name: "Compila la domanda online" }).click();
  await expect(page).toHaveURL(/\/pratiche\/tari-iscrizione$/);
  await page.getByRole("navigation", { name: "Percorso di navigazione" }).getByRole("link", { name: "Pratiche online" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pratiche online" })).toBeVisible();
});

test("an unknown procedure is a clear 404", async ({ page }) => {
  const response = await page.goto("/pratiche/inesistente");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
});

/** No link or form on the page opens a new window or tab. */
async function expectNoNewWindows(page: import("@playwright/test").Page) {
  await expect(page.locator("[target]:not([target='_self'])")).toHaveCount(0);
}

test("a citizen files an accesso civico generalizzato, fixes mistakes, changes an answer from the summary", async ({ page }) => {
  // A popup is any window this page opens (window.open, target=_blank); axe's own helper pages are not.
  const opened: string[] = [];
  page.on("popup", (popup) => opened.push(popup.url()));
  await visit(page, "/pratiche/accesso-civico-generalizzato");
  await page.getByRole("link", { name: "Compila la domanda" }).click();

  // Not logged in: the login page, then back here at SPID level 2.
  await page.getByText("Scegli il tuo gestore di identità SPID").click();
  await page.getByRole("link", { name: "Identità SPID di prova (solo sviluppo)" }).click();
  await page.getByLabel("Codice fiscale").fill(randomFiscalCode());
  await page.getByLabel("Livello di autenticazione").selectOption("2");
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await page.getByRole("button", { name: "Torna al servizio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accesso civico generalizzato (FOIA)" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Inizia la compilazione" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Chi presenta la domanda" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Avanzamento della richiesta" })).toContainText("Passo 1 di 3");
  await expectNoNewWindows(page);
  await expectNoAxeViolations(page);
  await page.getByLabel("Email").fill("mario@");
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#error-summary")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("«Email»: scrivi un indirizzo email completo");
  await expect(page.getByLabel("Email")).toHaveValue("mario@");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: /«Email»: scrivi un indirizzo email completo/ }).click();
  await page.getByLabel("Email").fill("mario.rossi@example.it");
  await page.getByRole("button", { name: "Salva e continua" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Dati e documenti richiesti" })).toBeVisible();
  await page.getByLabel("Periodo di riferimento: dal", { exact: true }).fill("01/06/2025");
  await page.getByLabel("Periodo di riferimento: al", { exact: true }).fill("01/01/2025");
  await page.getByLabel("In formato digitale, per email").check();
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Compila il campo «Dati o documenti che chiedi».");
  await expect(summary).toContainText("La fine del periodo non può essere prima del suo inizio.");
  await expect(page.getByLabel("Periodo di riferimento: dal", { exact: true })).toHaveValue("01/06/2025");
  await expect(page.getByLabel("In formato digitale, per email")).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByLabel("Dati o documenti che chiedi").fill("Contratti di pulizia delle scuole 2025");
  await page.getByLabel("Periodo di riferimento: al", { exact: true }).fill("31/12/2025");
  await page.getByRole("button", { name: "Salva e continua" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
  await expect(page.getByText("Contratti di pulizia delle scuole 2025")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Modifica Dati o documenti che chiedi" }).click();
  await expect(page.getByLabel("Dati o documenti che chiedi")).toHaveValue("Contratti di pulizia delle scuole 2025");
  await page.getByLabel("Dati o documenti che chiedi").fill("Contratti di pulizia delle scuole 2024 e 2025");
  await page.getByRole("button", { name: "Salva e torna al riepilogo" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
  await expect(page.getByText("Contratti di pulizia delle scuole 2024 e 2025")).toBeVisible();
  await expectNoNewWindows(page);
  await page.getByRole("button", { name: "Invia la domanda" }).click();

  await expect(page.getByRole("heading", { name: "Domanda inviata" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/protocollata con il numero \d{4}\/\d{7}/);
  await expect(page.getByText("Protocollata").first()).toBeVisible();
  await expectNoAxeViolations(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Scarica la ricevuta (PDF)" }).click();
  const receipt = await download;
  expect(receipt.suggestedFilename()).toMatch(/^ricevuta-\d{4}-\d{7}\.pdf$/);
  expect((await readFile(await receipt.path())).subarray(0, 5).toString()).toBe("%PDF-");
  // A refresh does not file again: the same practice page.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Accesso civico generalizzato (FOIA)" })).toBeVisible();

  const protocol = (await page.getByRole("definition").first().textContent())?.trim() ?? "";
  const checkCode = (await page.getByRole("definition").nth(1).textContent())?.trim() ?? "";
  expect(protocol).toMatch(/^\d{4}\/\d{7}$/);

  // "Le mie pratiche" lists it; the public lookup finds it with the two codes only.
  await visit(page, "/area-personale");
  await page.getByRole("link", { name: "Le mie pratiche" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Le mie pratiche" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: `Pratica ${protocol} – Accesso civico generalizzato (FOIA)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accesso civico generalizzato (FOIA)" })).toBeVisible();
  await visit(page, "/pratiche/verifica");
  await page.getByLabel("Numero di protocollo").fill(protocol);
  await page.getByLabel("Codice di verifica").fill("AAAA-AAAA" === checkCode ? "BBBB-BBBB" : "AAAA-AAAA");
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect(page.getByText("Nessuna pratica corrisponde")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Codice di verifica").fill(checkCode.toLowerCase());
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect(page.getByRole("region", { name: "Accesso civico generalizzato (FOIA)" })).toContainText("Protocollata");
  await expectNoAxeViolations(page);

  await visit(page, "/sviluppo/posta");
  await expect(page.getByRole("heading", { name: /Domanda protocollata n\. \d{4}\/\d{7} – Accesso civico generalizzato/ }).first()).toBeVisible();
  expect(opened, "no page opened another window").toEqual([]);
});

test("a citizen files a TARI registration with an attachment, sniffed by content", async ({ page }) => {
  const opened: string[] = [];
  page.on("popup", (popup) => opened.push(popup.url()));
  await visit(page, "/spid/accedi?idp=prova&livello=2&ritorno=%2Fpratiche%2Ftari-iscrizione");
  await page.getByLabel("Codice fiscale").fill(randomFiscalCode());
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await page.getByRole("button", { name: "Torna al servizio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "TARI: iscrizione (inizio occupazione)" })).toBeVisible();
  await page.getByRole("link", { name: "Compila la domanda" }).click();
  await page.getByRole("button", { name: "Inizia la compilazione" }).click();
  await page.getByLabel("Email").fill("mario.rossi@example.it");
  await page.getByRole("button", { name: "Salva e continua" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "L'immobile" })).toBeVisible();
  await page.getByLabel("via o piazza").fill("Via Madonna");
  await page.getByLabel("numero civico").fill("12");
  await page.getByLabel("CAP", { exact: true }).fill("20017");
  await page.getByLabel("comune", { exact: true }).fill("Rho");
  await page.getByLabel("Foglio catastale").fill("12");
  await page.getByLabel("Particella (mappale)").fill("345");
  await page.getByLabel("Superficie calpestabile in metri quadrati").fill("85");
  await page.getByLabel("Abitazione", { exact: true }).check();
  const today = new Date();
  const typed = `${String(today.getDate()).padStart(2, "0")}/${String(today.getMonth() + 1).padStart(2, "0")}/${today.getFullYear()}`;
  await page.getByLabel("Data di inizio occupazione").fill(typed);
  await page.getByLabel("Affitto").check();
  await page.getByRole("button", { name: "Salva e continua" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Chi vive nell'abitazione" })).toBeVisible();
  const first = page.getByRole("group", { name: "Occupante 1" });
  await first.getByLabel("Nome e cognome").fill("Mario Rossi");
  await first.getByLabel("Codice fiscale").fill("RSSMRA80A01F205X");
  await first.getByLabel("Data di nascita").fill("01/01/1980");
  await page.getByRole("button", { name: "Aggiungi un altro occupante" }).click();
  const second = page.getByRole("group", { name: "Occupante 2" });
  await expect(second).toBeVisible();
  await expect(first.getByLabel("Nome e cognome")).toHaveValue("Mario Rossi");
  await second.getByLabel("Nome e cognome").fill("Anna Verdi");
  await second.getByLabel("Codice fiscale").fill("VRDNNA85M52F205Z");
  await second.getByLabel("Data di nascita").fill("12/08/1985");
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await expect(page.getByRole("alert")).toContainText("Codice fiscale (occupante 2)");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Rimuovi Occupante 2" }).click();
  await expect(page.getByRole("group", { name: "Occupante 2" })).toHaveCount(0);
  await page.getByRole("button", { name: "Salva e continua" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Documenti" })).toBeVisible();
  await expectNoAxeViolations(page);
  const chooser = page.getByLabel("Scegli un file per «Contratto di affitto, atto di acquisto o di comodato»");
  await chooser.setInputFiles({ name: "contratto.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\u0090 not a PDF at all") });
  await page.getByRole("button", { name: "Carica il file" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert")).toContainText("il file «contratto.pdf» non è un PDF");
  await expectNoAxeViolations(page);
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  await page.getByLabel("Scegli un file per «Contratto di affitto, atto di acquisto o di comodato»").setInputFiles({ name: "contratto-affitto.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Carica il file" }).click();
  await expect(page.getByRole("link", { name: "contratto-affitto.pdf" })).toBeVisible();
  await expect(page.getByText("PDF, 1 KB")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Salva e continua" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
  await expect(page.getByText("contratto-affitto.pdf (1 KB)")).toBeVisible();
  await page.getByRole("link", { name: "Modifica Superficie calpestabile in metri quadrati" }).click();
  await page.getByLabel("Superficie calpestabile in metri quadrati").fill("90");
  await page.getByRole("button", { name: "Salva e torna al riepilogo" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert")).toContainText("Per proseguire devi confermare");
  await expectNoAxeViolations(page);
  await page.getByLabel(/Dichiaro che quanto indicato è vero/).check();
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page.getByRole("heading", { name: "Domanda inviata" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "TARI: iscrizione (inizio occupazione)" })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(opened, "no page opened another window").toEqual([]);
});
