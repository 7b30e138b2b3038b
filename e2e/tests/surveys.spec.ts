import { expect, test, type Page } from "@playwright/test";
import { endToEnd } from "../playwright.config";
import { expectNoAxeViolations } from "./accessibility";
import { startOwnServer, type OwnServer } from "./own_server";
import { DEMO_PASSWORD, DEMO_STAFF_SECRET, staffOfProject } from "./staff";
import { totpCode } from "./totp";

/**
 * A survey answered and its results published. The content's survey is
 * opened and closed once per database, so each project starts a server of
 * its own (fresh database, demo data).
 */

let server: OwnServer | undefined;
let base = "";

test.beforeAll(async () => {
  server = await startOwnServer("surveys", endToEnd.surveys.first_port);
  base = server.base;
});

test.afterAll(async () => {
  server?.stop();
});

const TITLE = "Quanto sei soddisfatto dello Sportello telematico?";

async function logInAsAdministrator(page: Page) {
  await page.goto(`${base}/accedi/credenziali`);
  await page.getByLabel("Codice fiscale").fill(staffOfProject());
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inserisci il codice dell'app" })).toBeVisible();
  await page.getByLabel("Codice di 6 cifre").fill(totpCode(DEMO_STAFF_SECRET, Date.now() / 1000));
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page.getByRole("button", { name: "Esci", exact: true })).toBeVisible();
}

test("a survey is answered once, anonymously, and its results are published when an administrator closes it", async ({ page, request }) => {
  // The administrator opens the content's survey.
  await logInAsAdministrator(page);
  const administrator = await page.context().cookies();
  await page.goto(`${base}/amministrazione`);
  await page.getByRole("main").getByRole("link", { name: "Questionari di soddisfazione" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Questionari di soddisfazione" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: `Apri il questionario — ${TITLE}` }).click();
  await expect(page.getByText("Questionario aperto.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Anyone answers, from the footer's link.
  await page.context().clearCookies();
  await page.goto(`${base}/`);
  await page.getByRole("contentinfo").getByRole("link", { name: "Questionari di soddisfazione" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Questionari di soddisfazione" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expectNoAxeViolations(page);
  const overall = page.getByRole("group", { name: "Nel complesso, quanto sei soddisfatto del servizio online?" });
  await overall.getByLabel("5", { exact: true }).check();
  await page.getByLabel("Che cosa miglioreresti? (facoltativa)").fill("Più pagamenti dal telefono");
  await page.getByRole("button", { name: "Invia le risposte" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" })).toContainText("Rispondi a questa domanda.");
  await expect(overall.getByLabel("5", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Che cosa miglioreresti? (facoltativa)")).toHaveValue("Più pagamenti dal telefono");
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Quanto è stato facile trovare e usare quello che ti serviva?" }).getByLabel("4", { exact: true }).check();
  await page.getByRole("group", { name: "Quale servizio hai usato per ultimo?" }).getByLabel("Un pagamento pagoPA").check();
  await page.getByRole("group", { name: "Da quale dispositivo?" }).getByLabel("Telefono").check();
  await page.getByRole("button", { name: "Invia le risposte" }).click();
  await expect(page.getByText("Grazie: le tue risposte sono state registrate.")).toBeVisible();
  await expectNoAxeViolations(page);
  // Once per browser.
  await page.goto(`${base}/ascolto/questionari/soddisfazione-sportello-telematico`);
  await expect(page.getByText("Da questo browser hai già risposto a questo questionario: grazie.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Invia le risposte" })).toHaveCount(0);

  // The administrator closes it: the results are published.
  await page.context().addCookies(administrator);
  await page.goto(`${base}/amministrazione/questionari`);
  await page.getByRole("button", { name: `Chiudi e pubblica i risultati — ${TITLE}` }).click();
  await expect(page.getByText("Questionario chiuso: i risultati sono pubblicati.")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.context().clearCookies();
  await page.goto(`${base}/ascolto/questionari`);
  await page.getByRole("link", { name: `${TITLE}: i risultati (risposte: 1)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Risultati: ${TITLE}` })).toBeVisible();
  const table = page.getByRole("table", { name: "Nel complesso, quanto sei soddisfatto del servizio online?" });
  await expect(table.getByRole("row", { name: "5" })).toContainText("1");
  await expect(page.getByText("Media: 5,00 su 5.")).toBeVisible();
  await expect(page.getByText("Più pagamenti dal telefono")).toHaveCount(0);
  await expectNoAxeViolations(page);
  const csvHref = await page.getByRole("link", { name: "Risultati in CSV" }).getAttribute("href");
  const csv = await (await request.get(`${base}${csvHref}`)).text();
  expect(csv).toContain('"Quale servizio hai usato per ultimo?","Un pagamento pagoPA",1');
});
