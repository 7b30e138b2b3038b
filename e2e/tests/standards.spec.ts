import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsStaff } from "./staff";

test("anyone reads the charter's standards measured live, with their open data, and a clerk notes a PIN handover", async ({ page, request }) => {
  await visit(page, "/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Carta dei servizi: gli standard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Carta dei servizi: gli standard di qualità" })).toBeVisible();
  for (const name of [
    "Procedimenti presentabili online",
    "PIN della CNS e della CRS consegnato in tempo reale",
    "Richieste di informazioni risposte entro 3 giorni lavorativi",
    "Reclami e segnalazioni risposti entro 30 giorni lavorativi",
    "Giorni di manutenzione nell'anno",
  ]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
    await expect(page.getByRole("table", { name: new RegExp(`^${name}: mese per mese nel \\d{4}$`) })).toBeVisible();
  }
  // 16 procedures are online: the target of 15 is met.
  const procedures = page.getByRole("region", { name: "Procedimenti presentabili online" });
  await expect(procedures).toContainText("Obiettivo rispettato");
  await expectNoAxeViolations(page);
  // The open data: the same standards, CSV and JSON.
  const csvHref = await page.getByRole("link", { name: "Standard di qualità in CSV" }).getAttribute("href");
  const csv = await (await request.get(csvHref ?? "")).text();
  expect(csv.split("\r\n")[0]).toBe("standard,periodo,valore,casi_nei_tempi,casi_misurati,obiettivo_rispettato");
  const jsonHref = await page.getByRole("link", { name: "Standard di qualità in JSON" }).getAttribute("href");
  const json = await (await request.get(jsonHref ?? "")).json();
  expect(json.licenza).toBe("CC-BY-4.0");
  expect(json.standard).toHaveLength(5);

  // A clerk notes a PIN not handed over on the spot: the reason is asked.
  await logInAsStaff(page);
  await visit(page, "/operatore");
  await page.getByRole("link", { name: "Registro dei PIN CNS e CRS" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registro dei PIN CNS e CRS" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Carta" }).getByLabel("Carta Regionale dei Servizi (CRS)").check();
  await page.getByRole("group", { name: "Consegna" }).getByLabel("Non consegnato durante la visita").check();
  await page.getByRole("button", { name: "Annota la consegna" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" })).toContainText("Scrivi perché il PIN non è stato consegnato");
  await expect(page.getByRole("group", { name: "Carta" }).getByLabel("Carta Regionale dei Servizi (CRS)")).toBeChecked();
  await expectNoAxeViolations(page);
  const reason = `Servizio regionale non raggiungibile (${test.info().project.name})`;
  await page.getByLabel("Perché non è stato consegnato subito").fill(reason);
  await page.getByRole("button", { name: "Annota la consegna" }).click();
  await expect(page.getByText("Consegna annotata.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: reason })).toContainText("Carta Regionale dei Servizi (CRS)");
  await expectNoAxeViolations(page);
});
