import type { Page } from "@playwright/test";
import { visit } from "./accessibility";

/** Logs in (again) as this citizen through the SPID test provider at level 2 and lands on `path`. */
export async function logInAsCitizen(page: Page, fiscalCode: string, path: string) {
  await page.context().clearCookies();
  await visit(page, `/spid/accedi?idp=prova&livello=2&ritorno=${encodeURIComponent(path)}`);
  await page.getByLabel("Codice fiscale").fill(fiscalCode);
  await page.getByRole("button", { name: "Autorizza l'accesso" }).click();
  await page.getByRole("button", { name: "Torna al servizio" }).click();
}
