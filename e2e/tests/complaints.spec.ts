import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsStaff } from "./staff";

test("a complaint about a missed standard is judged founded and the citizen chooses a compensation", async ({ page }) => {
  test.setTimeout(120_000);
  const project = test.info().project.name;
  const stamp = `${project} ${Date.now()}`;
  const email = `reclamo-${project}-${Date.now()}@example.it`;
  const item = `Ingresso singolo alla Piscina Comunale (${stamp})`;

  // The administrator puts one pool entry in the inventory.
  await logInAsStaff(page);
  await visit(page, "/amministrazione");
  await page.getByRole("link", { name: "Indennizzi per i reclami" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Indennizzi per i reclami" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Aggiungi", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" })).toContainText("Scegli il tipo di indennizzo.");
  await expectNoAxeViolations(page);
  await page.getByLabel("Tipo di indennizzo").selectOption({ label: "Ingresso alla Piscina Comunale" });
  await page.getByLabel("Descrizione").fill(item);
  await page.getByLabel("Quanti sono disponibili").fill("1");
  await page.getByRole("button", { name: "Aggiungi", exact: true }).click();
  await expect(page.getByText("Indennizzo aggiunto.")).toBeVisible();
  await expect(page.getByLabel(`Disponibili: ${item}`)).toHaveValue("1");
  await expectNoAxeViolations(page);

  // Anyone: from the standard on the standards page to the complaint form.
  await page.context().clearCookies();
  await visit(page, "/carta-dei-servizi");
  await page.getByRole("link", { name: "Presenta un reclamo su questo standard — Richieste di informazioni risposte entro 3 giorni lavorativi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reclami e suggerimenti" })).toBeVisible();
  await expect(page.getByLabel("Standard non rispettato")).toHaveValue("informazioni-entro-3-giorni-lavorativi");
  await expect(page.getByRole("link", { name: /^Giorni di manutenzione nell'anno/ })).toHaveAttribute("href", "/carta-dei-servizi#giorni-di-manutenzione");
  await expectNoAxeViolations(page);
  await page.getByLabel("Nome e cognome").fill("Anna Ferrari");
  await page.getByRole("button", { name: "Invia", exact: true }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" });
  await expect(summary).toContainText("Scrivi un indirizzo email valido");
  await expect(summary).toContainText("Scrivi che cosa è successo, o il tuo suggerimento.");
  await expect(page.getByLabel("Nome e cognome")).toHaveValue("Anna Ferrari");
  await expect(page.getByLabel("Standard non rispettato")).toHaveValue("informazioni-entro-3-giorni-lavorativi");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Che cosa è successo, o il tuo suggerimento").fill("La mia richiesta di informazioni sulla TARI non ha avuto risposta per una settimana.");
  await page.getByLabel("Ho letto l'informativa sul trattamento dei dati personali").check();
  await page.getByRole("button", { name: "Invia", exact: true }).click();
  const sent = page.getByText(/Inviato con il n\. \d{4}-\d{6}: ti risponderemo per email entro il/);
  await expect(sent).toBeVisible();
  const number = ((await sent.textContent()) ?? "").match(/\d{4}-\d{6}/)?.[0] ?? "";
  await expectNoAxeViolations(page);

  // The office judges it founded, with the reason.
  await logInAsStaff(page);
  await visit(page, "/operatore");
  await page.getByRole("main").getByRole("link", { name: "Reclami e suggerimenti" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reclami e suggerimenti" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(number) })).toContainText("Da rispondere");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: number, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Reclamo o suggerimento n. ${number}` })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Invia la risposta" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" })).toContainText("Scegli se il reclamo è fondato o non fondato.");
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Il reclamo è" }).getByLabel("Fondato", { exact: true }).check();
  await page.getByLabel("Motivazione").fill("La richiesta ha avuto risposta dopo 5 giorni lavorativi invece di 3.");
  await page.getByRole("button", { name: "Invia la risposta" }).click();
  await expect(page.getByText("Risposta inviata.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Indennizzo" })).toContainText("Da scegliere");
  await expectNoAxeViolations(page);

  // The answer's mail holds the choice's link.
  await visit(page, "/sviluppo/posta");
  const mail = page.getByRole("article", { name: `Risposta al reclamo o suggerimento n. ${number} — ${email}` });
  await expect(mail).toContainText("è stato ritenuto fondato");
  const link = ((await mail.textContent()) ?? "").match(/\/ascolto\/indennizzo\?chiave=[0-9a-f]{64}/)?.[0] ?? "";
  expect(link).not.toBe("");

  // The citizen, not logged in, chooses from the link.
  await page.context().clearCookies();
  await visit(page, link);
  await expect(page.getByRole("heading", { level: 1, name: "Scegli l'indennizzo" })).toBeVisible();
  await expect(page.getByText(`il suo reclamo n. ${number} è stato ritenuto fondato`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Scegli questo indennizzo" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori:" })).toContainText("Scegli un indennizzo dell'elenco.");
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Indennizzi disponibili" }).getByLabel(`${item} (Ingresso alla Piscina Comunale)`).check();
  await page.getByRole("button", { name: "Scegli questo indennizzo" }).click();
  await expect(page.getByText("Scelta registrata.")).toBeVisible();
  await expect(page.getByText(`Hai scelto: ${item}.`)).toBeVisible();
  await expectNoAxeViolations(page);

  // The desk hands it over.
  await logInAsStaff(page);
  await visit(page, `/operatore/reclami/${number}`);
  await expect(page.getByRole("region", { name: "Indennizzo" })).toContainText(`Scelto: ${item}.`);
  await page.getByRole("button", { name: "Registra la consegna dell'indennizzo" }).click();
  await expect(page.getByText("Consegna registrata.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Indennizzo" })).toContainText("Consegnato");
  await expectNoAxeViolations(page);
});
