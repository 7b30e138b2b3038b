import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { expectNoAxeViolations, visit } from "./accessibility";
import { randomFiscalCode } from "./totp";
import { logInAsStaff } from "./staff";
import { logInAsCitizen } from "./citizen";

test("find a procedure in the catalogue, read what it needs, and reach it from its service sheet", async ({ page }) => {
  await visit(page, "/");
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Pratiche online" }).click();
  await expect(page).toHaveURL(/\/pratiche$/);
  await expect(page.getByRole("heading", { level: 1, name: "Pratiche online" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Trasparenza amministrativa" }).getByRole("link", { name: "Accesso civico generalizzato (FOIA)" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("region", { name: "Imposte" }).getByRole("link", { name: "TARI: iscrizione (inizio occupazione)" }).click();
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
  // A long flow with an axe audit per page: on a busy 2-core machine it nears the default minute.
  test.setTimeout(120_000);
  // A popup is any window this page opens (window.open, target=_blank).
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

test("a citizen files a TARI registration with an attachment, sniffed by content", async ({ page }, testInfo) => {
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
  const withScript = testInfo.project.use.javaScriptEnabled !== false;
  // With JavaScript, posts with files go through the step's island once it has loaded.
  if (withScript) await page.waitForLoadState("networkidle");
  const chooser = page.getByLabel("Scegli un file per «Contratto di affitto, atto di acquisto o di comodato»");
  await chooser.setInputFiles({ name: "contratto.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\u0090 not a PDF at all") });
  await page.getByRole("button", { name: "Carica il file" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert")).toContainText("il file «contratto.pdf» non è un PDF");
  // The island showed the server's answer in place: the page was not replaced.
  if (withScript) await expect(chooser).toHaveValue(/contratto\.pdf$/);
  await expectNoAxeViolations(page);
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  let held = false;
  if (withScript) {
    // The upload is held for a moment, long enough to see its bar: a local
    // upload is over in a blink. Only this one post is held.
    await page.route("**/area-personale/bozze/**", async (route) => {
      if (route.request().method() === "POST" && !held) {
        held = true;
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      await route.continue();
    });
  }
  await page.getByLabel("Scegli un file per «Contratto di affitto, atto di acquisto o di comodato»").setInputFiles({ name: "contratto-affitto.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Carica il file" }).click();
  if (withScript) {
    // With JavaScript the upload shows its progress beside the button, and says so.
    await expect(page.getByRole("progressbar", { name: "Caricamento di contratto-affitto.pdf" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Caricamento di contratto-affitto.pdf");
    await expectNoAxeViolations(page);
  }
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

function italianDate(date: Date): string {
  return `${String(date.getDate()).padStart(2, "0")}/${String(date.getMonth() + 1).padStart(2, "0")}/${date.getFullYear()}`;
}

test("a clerk takes charge, requests integration, the citizen answers with a file, the clerk concludes; timeline and lookup show every step", async ({ page }) => {
  test.setTimeout(300_000);
  const opened: string[] = [];
  page.on("popup", (popup) => opened.push(popup.url()));

  const citizen = randomFiscalCode();

  // The citizen files an accesso civico generalizzato.
  await logInAsCitizen(page, citizen, "/pratiche/accesso-civico-generalizzato");
  await page.getByRole("link", { name: "Compila la domanda" }).click();
  await page.getByRole("button", { name: "Inizia la compilazione" }).click();
  await page.getByLabel("Email").fill("cittadino@example.it");
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await page.getByLabel("Dati o documenti che chiedi").fill("Verbali della commissione mensa 2025");
  await page.getByLabel("Periodo di riferimento: dal", { exact: true }).fill("01/01/2025");
  await page.getByLabel("Periodo di riferimento: al", { exact: true }).fill("31/12/2025");
  await page.getByLabel("In formato digitale, per email").check();
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page.getByRole("heading", { name: "Domanda inviata" })).toBeVisible();
  const practicePath = new URL(page.url()).pathname;
  const practiceId = practicePath.split("/").pop() ?? "";
  const protocol = (await page.getByRole("definition").first().textContent())?.trim() ?? "";
  const checkCode = (await page.getByRole("definition").nth(1).textContent())?.trim() ?? "";

  // The clerk finds it in the office's inbox and takes charge.
  await page.context().clearCookies();
  await logInAsStaff(page);
  await visit(page, "/operatore");
  await page.getByRole("link", { name: "Pratiche da lavorare" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pratiche da lavorare" })).toBeVisible();
  await page.getByLabel("Procedimento").selectOption({ label: "Accesso civico generalizzato (FOIA)" });
  await page.getByRole("button", { name: "Filtra" }).click();
  await expect(page.getByRole("link", { name: protocol })).toBeVisible();
  await expectNoAxeViolations(page);
  await visit(page, `/operatore/pratiche/${practiceId}`);
  await expect(page.getByRole("heading", { level: 1, name: `${protocol} — Accesso civico generalizzato (FOIA)` })).toBeVisible();
  await expect(page.getByText("Verbali della commissione mensa 2025")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Prendi in carico").check();
  await page.getByRole("button", { name: "Registra" }).click();
  await expect(page.getByRole("status")).toContainText("Azione registrata");

  // An integration request without a deadline is a mistake, kept and explained.
  await page.getByLabel(/Chiedi un'integrazione al cittadino/).check();
  await page.getByLabel("Nota, messaggio o motivazione").fill("Indica per quali scuole ti servono i verbali.");
  await page.getByRole("button", { name: "Registra" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#error-summary")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("Indica la scadenza per l'integrazione");
  await expect(page.getByLabel("Nota, messaggio o motivazione")).toHaveValue("Indica per quali scuole ti servono i verbali.");
  await expectNoAxeViolations(page);
  const deadline = italianDate(new Date(Date.now() + 10 * 86_400_000));
  await page.getByLabel(/Chiedi un'integrazione al cittadino/).check();
  await page.getByLabel("Scadenza per l'integrazione:").fill(deadline);
  await page.getByRole("button", { name: "Registra" }).click();
  await expect(page.getByRole("status")).toContainText("Azione registrata");
  await expect(page.getByRole("definition").first()).toHaveText("In attesa di integrazione");

  // The citizen reads the request and answers with a file.
  await logInAsCitizen(page, citizen, practicePath);
  const request = page.getByRole("region", { name: "L'ufficio ti chiede un'integrazione" });
  await expect(request).toContainText("Indica per quali scuole ti servono i verbali.");
  await expect(request).toContainText(deadline);
  await expectNoAxeViolations(page);
  await page.getByLabel("La tua risposta").fill("Scuole primarie di via Meda e di via Cadorna.");
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  await page.getByLabel("Documenti da allegare").setInputFiles({ name: "elenco-scuole.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Invia l'integrazione" }).click();
  await expect(page.getByRole("status")).toContainText("Integrazione inviata");
  await expect(page.getByRole("link", { name: "elenco-scuole.pdf" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The clerk sees the answer and concludes with a reason and the decision.
  await page.context().clearCookies();
  await logInAsStaff(page);
  await visit(page, `/operatore/pratiche/${practiceId}`);
  await expect(page.getByText("Scuole primarie di via Meda e di via Cadorna.")).toBeVisible();
  await expect(page.getByRole("link", { name: "elenco-scuole.pdf" })).toBeVisible();
  await page.getByLabel("Concludi: accogli la domanda").check();
  await page.getByLabel("Nota, messaggio o motivazione").fill("Verbali inviati per email.");
  await page.getByLabel("Documenti da inviare (per esempio il provvedimento)").setInputFiles({ name: "provvedimento.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Registra" }).click();
  await expect(page.getByRole("status")).toContainText("Azione registrata");
  await expect(page.getByRole("definition").first()).toHaveText("Accolta");
  await expectNoAxeViolations(page);

  // The citizen sees every step, the reason and the decision; the public lookup the statuses.
  await logInAsCitizen(page, citizen, practicePath);
  const timeline = page.getByRole("list").filter({ hasText: "Presa in carico" });
  for (const step of ["Protocollata", "Presa in carico", "In attesa di integrazione", "Integrazione inviata dal cittadino", "Accolta"]) {
    await expect(timeline).toContainText(step);
  }
  await expect(timeline).toContainText("Verbali inviati per email.");
  await expect(page.getByRole("link", { name: "provvedimento.pdf" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Ritira la domanda" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Each step reached the citizen in "I miei messaggi": filed, integration requested, accepted.
  await visit(page, "/area-personale");
  await page.getByRole("link", { name: "I miei messaggi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "I miei messaggi" })).toBeVisible();
  await expect(page.getByText("Messaggi da leggere: 3.")).toBeVisible();
  const messages = page.getByRole("list", { name: "I miei messaggi" });
  await expect(messages.getByRole("listitem")).toHaveCount(3);
  await expect(messages.getByRole("link", { name: `Domanda protocollata n. ${protocol} – Accesso civico generalizzato (FOIA)` })).toBeVisible();
  await expectNoAxeViolations(page);
  await messages.getByRole("link", { name: `Pratica n. ${protocol} – Accesso civico generalizzato (FOIA): Accolta` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Pratica n. ${protocol} – Accesso civico generalizzato (FOIA): Accolta` })).toBeVisible();
  await expect(page.getByText("Motivazione: Verbali inviati per email.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Segna come da leggere" }).click();
  await expect(page.getByRole("status")).toContainText("Il messaggio è di nuovo da leggere.");
  await expect(page.getByText("Messaggi da leggere: 3.")).toBeVisible();
  await messages.getByRole("link", { name: /: In attesa di integrazione$/ }).click();
  await expect(page.getByRole("definition").filter({ hasText: deadline })).toBeVisible();
  await page.getByRole("link", { name: "Vai alla pagina collegata" }).click();
  await expect(page).toHaveURL(new RegExp(`${practicePath}$`));

  // The channels per kind and the language: a missing language is named, nothing ticked lost.
  await visit(page, "/area-personale/messaggi");
  await expect(page.getByText("Messaggi da leggere: 2.")).toBeVisible();
  await page.getByRole("link", { name: "Come ricevere i messaggi" }).click();
  const practices = page.getByRole("group", { name: "Pratiche" });
  await expect(practices.getByLabel("Email")).toBeChecked();
  await expect(practices.getByLabel("App IO")).toBeChecked();
  await expectNoAxeViolations(page);
  await practices.getByLabel("Email").uncheck();
  await page.getByLabel("Lingua dei messaggi").selectOption("");
  await page.getByRole("button", { name: "Salva le preferenze" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert")).toContainText("Scegli la lingua dei messaggi: italiano o inglese.");
  await expect(practices.getByLabel("Email")).not.toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByLabel("Lingua dei messaggi").selectOption("en");
  await page.getByRole("button", { name: "Salva le preferenze" }).click();
  await expect(page.getByText("Preferenze salvate.")).toBeVisible();
  await expect(practices.getByLabel("Email")).not.toBeChecked();
  await expect(page.getByRole("group", { name: "Pagamenti" }).getByLabel("Email")).toBeChecked();
  await expect(page.getByLabel("Lingua dei messaggi")).toHaveValue("en");

  await page.context().clearCookies();
  await visit(page, "/pratiche/verifica");
  await page.getByLabel("Numero di protocollo").fill(protocol);
  await page.getByLabel("Codice di verifica").fill(checkCode);
  await page.getByRole("button", { name: "Verifica" }).click();
  const found = page.getByRole("region", { name: "Accesso civico generalizzato (FOIA)" });
  for (const step of ["Protocollata", "In lavorazione", "In attesa di integrazione", "Integrata", "Accolta"]) {
    await expect(found).toContainText(step);
  }
  await expect(found).not.toContainText("Scuole primarie");
  // (The lookup page's accessibility is audited above; every audit without JavaScript is one more lookup.)
  expect(opened, "no page opened another window").toEqual([]);
});

test("a citizen withdraws a practice after confirming", async ({ page }) => {
  const citizen = randomFiscalCode();
  await logInAsCitizen(page, citizen, "/pratiche/accesso-civico-semplice");
  await page.getByRole("link", { name: "Compila la domanda" }).click();
  await page.getByRole("button", { name: "Inizia la compilazione" }).click();
  await page.getByLabel("Email").fill("cittadino@example.it");
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await page.getByLabel("Documento, dato o informazione che non trovi pubblicato").fill("Bilancio consuntivo 2025");
  await page.getByRole("button", { name: "Salva e continua" }).click();
  await page.getByRole("button", { name: "Invia la domanda" }).click();
  await expect(page.getByRole("heading", { name: "Domanda inviata" })).toBeVisible();
  await page.getByRole("button", { name: "Ritira la domanda" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert")).toContainText("spunta la casella di conferma");
  await expectNoAxeViolations(page);
  await page.getByLabel("Confermo di voler ritirare questa domanda").check();
  await page.getByRole("button", { name: "Ritira la domanda" }).click();
  await expect(page.getByRole("status")).toContainText("La domanda è stata ritirata.");
  await expect(page.getByRole("definition").nth(2)).toHaveText("Ritirata");
  await expectNoAxeViolations(page);
});

test.describe("without the service worker", () => {
  // Playwright lifts its offline emulation from the page before the service
  // worker: the island, woken by the page's `online` event, sends the step and
  // navigates while the worker is still offline, which then serves the
  // offline page (one run in several). A real connection comes back for both
  // at once; the worker's offline reading is tested in guide.spec.ts.
  test.use({ serviceWorkers: "block" });

  test("with JavaScript, a step's mistakes show as fields are left and the summary comes before anything is sent", async ({ page }, testInfo) => {
    test.skip(testInfo.project.use.javaScriptEnabled === false, "the checks in the browser need JavaScript; without it the server's checks are tested above");
    await logInAsCitizen(page, randomFiscalCode(), "/pratiche/accesso-civico-generalizzato");
    await page.getByRole("link", { name: "Compila la domanda" }).click();
    await page.getByRole("button", { name: "Inizia la compilazione" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Chi presenta la domanda" })).toBeVisible();
    // The checks start once the island's bundle has loaded.
    await page.waitForLoadState("networkidle");
    const step = page.url();
    await page.getByLabel("Email").fill("mario@");
    await page.getByLabel("Telefono").focus();
    await expect(page.getByText("«Email»: scrivi un indirizzo email completo")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    expect(page.url(), "nothing was sent").toBe(step);
    await expectNoAxeViolations(page);
    await page.getByLabel("Email").fill("mario.rossi@example.it");
    await expect(page.getByText("«Email»: scrivi un indirizzo email completo")).toHaveCount(0);
    await page.getByRole("button", { name: "Salva e continua" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Dati e documenti richiesti" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Periodo di riferimento: dal", { exact: true }).fill("01/06/2025");
    await page.getByLabel("Periodo di riferimento: al", { exact: true }).fill("01/01/2025");
    const second = page.url();
    await page.getByRole("button", { name: "Salva e continua" }).click();
    await expect(page.locator("#error-summary")).toBeFocused();
    await expect(page).toHaveTitle(/^Errore: /);
    await expect(page.getByRole("alert")).toContainText("Compila il campo «Dati o documenti che chiedi».");
    expect(page.url(), "the browser's check held the post back").toBe(second);
    await expectNoAxeViolations(page);

    // Offline, the step is kept on the device and sent when the connection is back.
    await page.getByLabel("Dati o documenti che chiedi").fill("Verbali 2025");
    await page.getByLabel("Periodo di riferimento: al", { exact: true }).fill("31/12/2025");
    await page.getByLabel("In formato digitale, per email").check();
    await page.context().setOffline(true);
    await page.getByRole("button", { name: "Salva e continua" }).click();
    await expect(page.getByRole("status")).toContainText("le risposte di questo passaggio sono salvate su questo dispositivo");
    expect(page.url()).toBe(second);
    await page.context().setOffline(false);
    await expect(page.getByRole("heading", { level: 1, name: "Controlla le risposte" })).toBeVisible();
    await expect(page.getByText("Verbali 2025")).toBeVisible();
  });
});
