import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";

/** Each project books a service of its own, so that two projects never reach for one slot. */
function serviceOfProject(): { sheet: string; button: string; title: string; office: string } {
  const byProject: Record<string, { sheet: string; button: string; title: string; office: string }> = {
    "desktop-js-on": { sheet: "carta-identita-elettronica", button: "Prenota appuntamento", title: "Carta d'identità elettronica (CIE)", office: "Servizi Demografici – Ufficio Anagrafe" },
    "desktop-js-off": { sheet: "cambio-di-residenza", button: "Prenota appuntamento", title: "Cambio di residenza", office: "Servizi Demografici – Ufficio Anagrafe" },
    "phone-js-on": { sheet: "tessera-elettorale", button: "Prenota appuntamento", title: "Tessera elettorale: rilascio e rinnovo", office: "Servizi Demografici – Ufficio Elettorale" },
    "phone-js-off": { sheet: "imu-versamento", button: "Prenota una consulenza", title: "IMU: calcolo e versamento", office: "Area Tributi – Ufficio TARI e IMU" },
  };
  return byProject[test.info().project.name] ?? byProject["desktop-js-on"];
}

/** The last free day of the month shown, then its last free time: not the booking's own (the first of the first). */
async function chooseTheLastFreeSlot(page: Page, button: string): Promise<void> {
  await page.getByRole("list", { name: "Giorni con orari liberi" }).getByRole("link").last().click();
  await expect(page.getByRole("heading", { level: 2, name: /^Orari liberi di / })).toBeVisible();
  await page.getByRole("group", { name: "Orario" }).getByRole("radio").last().check();
  await page.getByRole("button", { name: button }).click();
}

test("a citizen books from a service sheet, then moves and cancels by the mail's link", async ({ page }) => {
  const { sheet, button, title, office } = serviceOfProject();
  const email = `prenota.${test.info().project.name}.${Date.now()}@example.it`;

  await visit(page, `/servizi/${sheet}`);
  await page.getByRole("main").getByRole("link", { name: button }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Prenota un appuntamento" })).toBeVisible();
  await expect(page.getByText(office, { exact: true })).toBeVisible();
  await expect(page.getByLabel("Motivo dell'appuntamento")).toHaveValue(sheet);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Avanti" }).click();

  // The month's free days; a time must be chosen.
  await expect(page.getByRole("heading", { level: 2, name: /^Giorni disponibili di / })).toBeVisible();
  await expect(page.getByText(`${title} — ${office}`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("list", { name: "Giorni con orari liberi" }).getByRole("link").first().click();
  await page.getByRole("button", { name: "Scegli questo orario" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#error-summary")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("Scegli un orario tra quelli liberi.");
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Orario" }).getByRole("radio").first().check();
  await page.getByRole("button", { name: "Scegli questo orario" }).click();

  // Details, applicant (a mistake named, nothing lost), summary.
  await expect(page.getByText(/^L'orario è tenuto per te fino alle \d\d:\d\d/)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Dettagli (facoltativo)").fill("Rinnovo per scadenza");
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByRole("link", { name: "Accedi e torna qui" })).toBeVisible();
  await page.getByLabel("Nome e cognome").fill("Maria Rossi");
  await page.getByLabel("Email").fill("maria.rossi@");
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByRole("alert")).toContainText("Scrivi un indirizzo email valido");
  await expect(page.getByLabel("Nome e cognome")).toHaveValue("Maria Rossi");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByText(`Maria Rossi · ${email}`)).toBeVisible();
  await expect(page.getByText("Rinnovo per scadenza")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Conferma la prenotazione" }).click();

  // The confirmation: what, when, where, what to bring, the calendar file.
  await expect(page.getByRole("heading", { level: 1, name: "Il tuo appuntamento" })).toBeVisible();
  await expect(page.getByText("Appuntamento prenotato. Ti abbiamo mandato la conferma.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Cosa portare" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Aggiungi al calendario (.ics)" })).toHaveAttribute("href", /\/appuntamenti\/[0-9a-f]{64}\/appuntamento\.ics$/);
  await expectNoAxeViolations(page);

  // The mail's link, opened without signing in, moves the booking, then cancels it.
  await visit(page, "/sviluppo/posta");
  const mail = page.getByRole("article").filter({ hasText: email }).filter({ hasText: "Appuntamento confermato" });
  const link = ((await mail.textContent()) ?? "").match(/\/appuntamenti\/[0-9a-f]{64}/)?.[0] ?? "";
  expect(link).not.toBe("");
  await page.context().clearCookies();
  await visit(page, link);
  await page.getByRole("link", { name: "Sposta l'appuntamento" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Scegli il nuovo giorno e orario" })).toBeVisible();
  await expectNoAxeViolations(page);
  await chooseTheLastFreeSlot(page, "Sposta a questo orario");
  await expect(page.getByText("Appuntamento spostato. Ti abbiamo mandato la conferma del nuovo orario.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Annulla l'appuntamento" }).click();
  await expect(page.getByText("Vuoi davvero annullare questo appuntamento?")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sì, annulla l'appuntamento" }).click();
  await expect(page.getByText("Appuntamento annullato: l'orario è di nuovo libero per altri.")).toBeVisible();
  await expect(page.getByText("Annullato", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the booking page is reachable from the home page and the footer", async ({ page }) => {
  await visit(page, "/");
  await page.getByRole("main").getByRole("link", { name: "Prenota un appuntamento" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Prenota un appuntamento" })).toBeVisible();
  await page.getByLabel("Ufficio").selectOption({ label: "Servizi Demografici – Ufficio Anagrafe — Sportello del Cittadino (QUIC), via De Amicis 1, 20017 Rho (MI)" });
  await page.getByRole("button", { name: "Avanti" }).click();
  await expect(page.getByLabel("Motivo dell'appuntamento")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("contentinfo").getByRole("link", { name: "Prenota appuntamento" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Prenota un appuntamento" })).toBeVisible();
});
