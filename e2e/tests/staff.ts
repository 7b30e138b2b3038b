import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { totpCode } from "./totp";

export const DEMO_PASSWORD = "sportello-demo-2026";
export const DEMO_STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/**
 * Enters the TOTP code on the current page. Codes are single-use per account
 * and a staff account may log in twice within one 30-second step (the same
 * test, or another project): the server also accepts the next step's code,
 * so that is tried before waiting for a new step.
 */
export async function enterCode(page: Page, secret: string): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const now = Date.now() / 1000;
    for (const step of [0, 30]) {
      await page.getByLabel("Codice di 6 cifre").fill(totpCode(secret, now + step));
      await page.getByRole("button", { name: "Conferma" }).click();
      await page.waitForLoadState("load");
      if (!(await page.title()).startsWith("Errore:")) return;
    }
    const waited = (30 - (now % 30)) * 1000 + 500;
    // Printed so that a run shows what the shared accounts cost in waiting.
    console.log(`TOTP: waited ${Math.round(waited / 1000)} s for a new time step (${test.info().project.name})`);
    await page.waitForTimeout(waited);
  }
  throw new Error("no TOTP code was accepted");
}

/**
 * The administrator of this Playwright project (demo data has one per
 * project): projects run side by side, and an authenticator code is
 * accepted once per account, so sharing one made them wait for each
 * other's 30-second time steps.
 */
export function staffOfProject(): string {
  const byProject: Record<string, string> = {
    "desktop-js-on": "VRDLCU75C15F205E",
    "desktop-js-off": "GLLMRC78C10F205D",
    "phone-js-on": "CNTSRA82E62F205S",
    "phone-js-off": "GRCPLA70S05F205R",
  };
  const staff = byProject[test.info().project.name];
  if (!staff) throw new Error(`no staff account for the project ${test.info().project.name}`);
  return staff;
}

export async function logInAsStaff(page: Page, fiscalCode: string = staffOfProject()): Promise<void> {
  await visit(page, "/");
  await page.getByRole("link", { name: "Accedi all'area personale" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accedi all'area personale" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Accedi con codice fiscale e password" }).click();
  await page.getByLabel("Codice fiscale").fill(fiscalCode);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inserisci il codice dell'app" })).toBeVisible();
  await expectNoAxeViolations(page);
  await enterCode(page, DEMO_STAFF_SECRET);
}
