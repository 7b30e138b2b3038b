import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsStaff } from "./staff";

test("anyone asks for information and the office's answer reaches them by email", async ({ page }) => {
  const project = test.info().project.name;
  const email = `richiesta-${project}-${Date.now()}@example.it`;
  await visit(page, "/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Chiedi un'informazione" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chiedi un'informazione" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Mistakes are named first; nothing typed is lost.
  await page.getByLabel("Nome e cognome").fill("Anna Ferrari");
  await page.getByLabel("La tua domanda").fill("Quali documenti servono per il cambio di residenza?");
  await page.getByRole("button", { name: "Invia la richiesta" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" });
  await expect(summary).toContainText("Scrivi un indirizzo email valido");
  await expect(summary).toContainText("Scegli l'argomento della richiesta");
  await expect(page.getByLabel("La tua domanda")).toHaveValue("Quali documenti servono per il cambio di residenza?");
  await expectNoAxeViolations(page);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Argomento").selectOption({ label: "Cambio di residenza" });
  await page.getByLabel("Ho letto l'informativa sul trattamento dei dati personali").check();
  await page.getByRole("button", { name: "Invia la richiesta" }).click();
  const sent = page.getByText(/Richiesta n\. \d{4}-\d{6} inviata: ti risponderemo per email entro il/);
  await expect(sent).toBeVisible();
  const number = ((await sent.textContent()) ?? "").match(/\d{4}-\d{6}/)?.[0] ?? "";
  await expectNoAxeViolations(page);

  // The office answers it.
  await logInAsStaff(page);
  await visit(page, "/operatore");
  await page.getByRole("link", { name: "Richieste di informazioni" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Richieste di informazioni" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(number) })).toContainText("Da rispondere");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: number, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Richiesta di informazioni n. ${number}` })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Invia la risposta" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" })).toContainText("Scrivi la risposta");
  await page.getByLabel("Risposta", { exact: true }).fill("Un documento d'identità e, se cambi casa con altri, i loro dati.");
  await page.getByRole("button", { name: "Invia la risposta" }).click();
  await expect(page.getByText("Risposta inviata.")).toBeVisible();
  await expect(page.getByText("Un documento d'identità e, se cambi casa con altri, i loro dati.")).toBeVisible();
  await expectNoAxeViolations(page);

  await visit(page, "/sviluppo/posta");
  await expect(page.getByRole("article", { name: `Risposta alla richiesta di informazioni n. ${number} — ${email}` })).toContainText(
    "Un documento d'identità e, se cambi casa con altri, i loro dati.",
  );
});
