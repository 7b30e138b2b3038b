import { expect, test, type Cookie, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { totpCode } from "./totp";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const DEMO_PASSWORD = "sportello-demo-2026";
export const DEMO_STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** Where the staff logins of every worker note each account's last used time step. */
const TOTP_STEPS = join(__dirname, "..", "..", "target", "e2e", "totp-steps");

function lastUsedStep(account: string): number {
  try {
    return Number(readFileSync(join(TOTP_STEPS, account), "utf8"));
  } catch {
    return -1;
  }
}

/** One login of the account at a time across the workers (a directory is created atomically). */
async function withAccountLock(account: string, action: () => Promise<void>): Promise<void> {
  mkdirSync(TOTP_STEPS, { recursive: true });
  const lock = join(TOTP_STEPS, `${account}.lock`);
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (attempt > 1200) throw new Error(`another worker held the login of ${account} for two minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    await action();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function submitCode(page: Page, code: string): Promise<boolean> {
  await page.getByLabel("Codice di 6 cifre").fill(code);
  await page.getByRole("button", { name: "Conferma" }).click();
  await page.waitForLoadState("load");
  return !(await page.title()).startsWith("Errore:");
}

/**
 * Enters the TOTP code on the current page. A code is accepted once per
 * account and time step (and the server counts a refused one against the
 * account: five lock it for 15 minutes), while projects and workers log the
 * same demo staff in side by side: with `account`, the workers take turns
 * and note each step they use, so every code entered is one the server
 * accepts (the previous, current or next step: the server takes all three),
 * waiting for a new 30-second step only when all were used.
 */
export async function enterCode(page: Page, secret: string, account?: string): Promise<void> {
  if (!account) {
    const now = Date.now() / 1000;
    for (const step of [0, 30]) {
      if (await submitCode(page, totpCode(secret, now + step))) return;
    }
    throw new Error("no TOTP code was accepted");
  }
  await withAccountLock(account, async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = Date.now() / 1000;
      const current = Math.floor(now / 30);
      // The server takes the step before too (clock skew): three codes per
      // 30 seconds, the previous one only while it cannot expire in transit.
      const earliest = Math.floor((now + 3) / 30) - 1;
      const step = Math.max(earliest, lastUsedStep(account) + 1);
      if (step > current + 1) {
        const waited = (step - 1) * 30_000 + 500 - Date.now();
        // Printed so that a run shows what the shared accounts cost in waiting.
        console.log(`TOTP: waited ${Math.round(waited / 1000)} s for a new time step (${test.info().project.name})`);
        await page.waitForTimeout(waited);
        continue;
      }
      const accepted = await submitCode(page, totpCode(secret, step * 30));
      // Refused or not, the step counts as used: never offered twice.
      writeFileSync(join(TOTP_STEPS, account), String(step));
      if (accepted) return;
    }
    throw new Error("no TOTP code was accepted");
  });
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

/**
 * This worker's staff sessions, by account: a later test goes on with the
 * session, as a clerk's browser would, instead of logging in again (every
 * login takes one of the account's three TOTP codes per 30 seconds, and the
 * tests waited for new ones). A session that ended (a test logged out) is
 * noticed, and the login runs again.
 */
const sessions = new Map<string, Cookie[]>();

export async function logInAsStaff(page: Page, fiscalCode: string = staffOfProject()): Promise<void> {
  const kept = sessions.get(fiscalCode);
  if (kept) {
    await page.context().addCookies(kept);
    await visit(page, "/area-personale");
    if ((await page.getByRole("button", { name: "Esci", exact: true }).count()) > 0) return;
    sessions.delete(fiscalCode);
    await page.context().clearCookies();
  }
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
  await enterCode(page, DEMO_STAFF_SECRET, fiscalCode);
  sessions.set(fiscalCode, await page.context().cookies());
}
