import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";

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
