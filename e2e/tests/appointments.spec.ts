import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsStaff } from "./staff";

/** Each project edits an office of its own, so the projects never overwrite each other's calendar. */
function officeOfProject(): string {
  const byProject: Record<string, string> = {
    "desktop-js-on": "Polizia Locale – Ufficio Verbali e Permessi",
    "desktop-js-off": "Sportello Unico Attività Produttive (SUAP)",
    "phone-js-on": "Area Lavori Pubblici – Manutenzioni",
    "phone-js-off": "Servizi Sociali – Segretariato Sociale",
  };
  return byProject[test.info().project.name] ?? "Polizia Locale – Ufficio Verbali e Permessi";
}

test("an administrator changes an office's appointment calendar, a mistake named and nothing typed lost", async ({ page }) => {
  const office = officeOfProject();
  await logInAsStaff(page);
  await visit(page, "/amministrazione");
  await page.getByRole("link", { name: "Calendari degli appuntamenti" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Calendari degli appuntamenti" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: new RegExp(`^${office.replace(/[()]/g, "\\$&")}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: office })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Sportelli aperti insieme").fill("0");
  await page.getByLabel("Orari di apertura").fill("lun-ven 09:00-12:30\nmer 12:00-13:00");
  await page.getByRole("button", { name: "Salva il calendario" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#error-summary")).toBeFocused();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Indica gli sportelli aperti insieme: un numero da 1 a 20.");
  await expect(summary).toContainText("Due fasce dello stesso giorno si sovrappongono.");
  await expect(page.getByLabel("Orari di apertura")).toHaveValue("lun-ven 09:00-12:30\nmer 12:00-13:00");
  await expectNoAxeViolations(page);

  await page.getByLabel("Sportelli aperti insieme").fill("2");
  await page.getByLabel("Orari di apertura").fill("lun-ven 09:00-12:00\nmer 14:00-16:00");
  await page.getByLabel("Giorni di chiusura").fill("24/12/2027");
  await page.getByRole("button", { name: "Salva il calendario" }).click();
  await expect(page.getByText("Calendario salvato.")).toBeVisible();
  await expect(page.getByLabel("Sportelli aperti insieme")).toHaveValue("2");
  await expect(page.getByLabel("Orari di apertura")).toHaveValue(/^lun 09:00-12:00\nmar 09:00-12:00\nmer 09:00-12:00\nmer 14:00-16:00\n/);
  await expect(page.getByLabel("Giorni di chiusura")).toHaveValue("24/12/2027");
  await expectNoAxeViolations(page);
});

/** Each project works a booking of its own in the demo morning. */
function bookingOfProject(): { time: string; name: string } {
  const byProject: Record<string, { time: string; name: string }> = {
    "desktop-js-on": { time: "09:00", name: "Luca Verdi" },
    "desktop-js-off": { time: "09:20", name: "Anna Ferrari" },
    "phone-js-on": { time: "09:40", name: "Sara Conti" },
    "phone-js-off": { time: "10:00", name: "Paolo Greco" },
  };
  return byProject[test.info().project.name] ?? byProject["desktop-js-on"];
}

test("the counter works its day: a citizen arrives and is served", async ({ page }) => {
  const { time, name } = bookingOfProject();
  await logInAsStaff(page);
  await visit(page, "/operatore");
  await page.getByRole("link", { name: "Agenda degli appuntamenti" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Agenda degli appuntamenti" })).toBeVisible();
  const booking = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: `${time} — ${name}` }) });
  await expect(booking).toContainText("Servizi Demografici – Ufficio Anagrafe");
  await expectNoAxeViolations(page);
  await booking.getByRole("button", { name: `Arrivato — ${time} — ${name}` }).click();
  await expect(page.getByText("Registrato.")).toBeVisible();
  const again = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: `${time} — ${name}` }) });
  await expect(again.getByText("Arrivato", { exact: true })).toBeVisible();
  await again.getByRole("button", { name: `Servito — ${time} — ${name}` }).click();
  await expect(page.getByText("Registrato.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: `${time} — ${name}` }) }).getByText("Servito", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Giorno successivo" }).click();
  await expect(page.getByText("Nessun appuntamento in questo giorno.")).toBeVisible();
});
