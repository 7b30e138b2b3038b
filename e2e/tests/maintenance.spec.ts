import { expect, test, type Page } from "@playwright/test";
import { endToEnd } from "../playwright.config";
import { expectNoAxeViolations } from "./accessibility";
import { startOwnServer, type OwnServer } from "./own_server";
import { DEMO_PASSWORD, DEMO_STAFF_SECRET, staffOfProject } from "./staff";
import { totpCode } from "./totp";

/**
 * A maintenance window announced and entered. A window stops every page of
 * its server, so each project starts a server of its own (fresh database,
 * demo data) whose development clock (SPORTELLO_TEST_CLOCK=1) the test moves:
 * to schedule the window, to see it announced, and to be inside it.
 */

let server: OwnServer | undefined;
let base = "";
/** The server's clock: the instant it was moved to, and when. */
let clock = { movedTo: 0, at: 0 };

function serverNow(): number {
  return clock.movedTo + (Date.now() - clock.at) / 1000;
}

test.beforeAll(async () => {
  server = await startOwnServer("maintenance", endToEnd.maintenance.first_port, { SPORTELLO_TEST_CLOCK: "1" });
  base = server.base;
});

test.afterAll(async () => {
  server?.stop();
});

/** Moves the server's clock with the development clock's form (Italian time). */
async function moveClock(page: Page, localTime: string, unixSeconds: number) {
  await page.goto(`${base}/sviluppo/orologio`);
  await page.getByLabel("Nuova ora del server (ora italiana)").fill(localTime);
  await page.getByRole("button", { name: "Sposta l'orologio" }).click();
  await expect(page.getByText("Orologio spostato.")).toBeVisible();
  clock = { movedTo: unixSeconds, at: Date.now() };
}

async function logInAsAdministrator(page: Page) {
  await page.goto(`${base}/accedi/credenziali`);
  await page.getByLabel("Codice fiscale").fill(staffOfProject());
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inserisci il codice dell'app" })).toBeVisible();
  await page.getByLabel("Codice di 6 cifre").fill(totpCode(DEMO_STAFF_SECRET, serverNow()));
  await page.getByRole("button", { name: "Conferma" }).click();
}

async function fillWindow(page: Page, day: string, from: string, to: string) {
  const start = page.getByRole("group", { name: "Inizio (ora italiana)" });
  await start.getByLabel("Giorno").fill(day);
  await start.getByLabel("Ora", { exact: true }).fill(from);
  const end = page.getByRole("group", { name: "Fine (ora italiana)" });
  await end.getByLabel("Giorno").fill(day);
  await end.getByLabel("Ora", { exact: true }).fill(to);
  await page.getByLabel("Motivo").fill("Aggiornamento del sistema dei pagamenti");
  await page.getByRole("button", { name: "Programma la manutenzione" }).click();
}

test("an administrator schedules a window, every page announces it, and inside it the portal answers 503", async ({ page, request }) => {
  // 1 March 2027, 09:00 in Rome.
  await moveClock(page, "2027-03-01T09:00", 1_803_888_000);
  await expectNoAxeViolations(page);
  await logInAsAdministrator(page);
  await page.goto(`${base}/amministrazione`);
  await page.getByRole("link", { name: "Manutenzione programmata" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Manutenzione programmata" })).toBeVisible();
  await expect(page.getByText("Giorni di manutenzione nel 2027: 0 su 2.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Inside the guard of IMU's first instalment: refused, the deadline named, the reason kept.
  await fillWindow(page, "2027-06-14", "01:00", "04:00");
  const summary = page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" });
  await expect(summary).toContainText("scadenza «IMU, acconto» del 16/06/2027");
  await expect(page.getByLabel("Motivo")).toHaveValue("Aggiornamento del sistema dei pagamenti");
  await expectNoAxeViolations(page);

  await fillWindow(page, "2027-03-10", "01:00", "05:00");
  await expect(page.getByText("Manutenzione programmata: il banner la annuncerà su ogni pagina.")).toBeVisible();
  await expect(page.getByRole("row", { name: /dal 10\/03\/2027 01:00 al 10\/03\/2027 05:00/ })).toContainText("Programmata");
  await expect(page.getByText("Giorni di manutenzione nel 2027: 1 su 2.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Five days before, every page announces it.
  await moveClock(page, "2027-03-06T09:00", 1_804_320_000);
  for (const path of ["/", "/servizi", "/pratiche"]) {
    await page.goto(`${base}${path}`);
    const banner = page.getByRole("region", { name: "Manutenzione programmata" });
    await expect(banner).toContainText("non sarà disponibile dal 10/03/2027 01:00 al 10/03/2027 05:00");
    await expect(banner).toContainText("Aggiornamento del sistema dei pagamenti");
    await expectNoAxeViolations(page);
  }

  // 10 March, 02:00: inside the window, every page is 503 until 05:00, in both languages.
  await moveClock(page, "2027-03-10T02:00", 1_804_640_400);
  const response = await page.goto(`${base}/servizi`);
  expect(response?.status()).toBe(503);
  expect(Number(response?.headers()["retry-after"])).toBeGreaterThan(10_700);
  await expect(page.getByRole("heading", { level: 1, name: "Sportello telematico in manutenzione" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Online services desk under maintenance" })).toBeVisible();
  await expect(page.getByText(/le bozze delle pratiche e quanto hai già inserito restano salvati/)).toBeVisible();
  await expectNoAxeViolations(page);
  expect((await request.get(`${base}/health`)).status()).toBe(200);

  // At 05:00 the portal is back.
  await moveClock(page, "2027-03-10T05:00", 1_804_651_200);
  expect((await page.goto(`${base}/`))?.status()).toBe(200);
});
