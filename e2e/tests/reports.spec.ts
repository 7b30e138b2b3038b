import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsCitizen } from "./citizen";
import { logInAsStaff } from "./staff";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const MARIO = "RSSMRA80A01F205X";
const ANNA = "FRRNNA90E45F704T";

/** Each project reports on its own street, so the projects' reports never meet as "nearby". */
function streetOfProject(): string {
  const byProject: Record<string, string> = {
    "desktop-js-on": "via Cadorna",
    "desktop-js-off": "via Garibaldi",
    "phone-js-on": "via Mazzini",
    "phone-js-off": "via Magenta",
  };
  return byProject[test.info().project.name] ?? "via Meda";
}

async function fillReport(page: Page, category: string, title: string, street: string, houseNumber: string) {
  await page.getByRole("group", { name: "Di che cosa si tratta?" }).getByLabel(category, { exact: true }).check();
  await page.getByLabel("Titolo", { exact: true }).fill(title);
  await page.getByLabel("Descrizione", { exact: true }).fill(`${title}: lo vedo da una settimana passando a piedi.`);
  await page.getByLabel("Via", { exact: true }).selectOption(street);
  await page.getByLabel("Numero civico").fill(houseNumber);
  await page.getByLabel("Ho letto l'informativa sul trattamento dei dati personali").check();
}

/** Sends the form; if open reports nearby are offered (an earlier run's), sends anyway. Returns the new report's number. */
async function sendReport(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Invia la segnalazione" }).click();
  if (await page.getByRole("heading", { level: 2, name: "È una di queste?" }).isVisible()) {
    await page.getByRole("button", { name: "Invia comunque la mia segnalazione" }).click();
  }
  const sent = page.getByText(/Segnalazione n\. \d{4}-\d{6} inviata/);
  await expect(sent).toBeVisible();
  return ((await sent.textContent()) ?? "").match(/\d{4}-\d{6}/)?.[0] ?? "";
}

test("a citizen reports a pothole, the office resolves it and registers a phone report, anyone reads the answer", async ({ page }) => {
  test.setTimeout(150_000);
  const street = streetOfProject();
  await logInAsCitizen(page, MARIO, "/");
  await expect(page.getByRole("heading", { level: 2, name: "Segnala un problema" })).toBeVisible();
  await page.getByRole("link", { name: "Segnalazioni", exact: true }).last().click();
  await expect(page.getByRole("heading", { level: 1, name: "Segnalazioni" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Fai una segnalazione" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nuova segnalazione" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A mistake: named, focused first, nothing typed lost.
  await page.getByLabel("Titolo", { exact: true }).fill("Buca");
  await page.getByRole("button", { name: "Invia la segnalazione" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#riepilogo-errori")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("Scegli di che cosa si tratta.");
  await expect(page.getByRole("alert")).toContainText("Il titolo è troppo corto");
  await expect(page.getByLabel("Titolo", { exact: true })).toHaveValue("Buca");
  await expectNoAxeViolations(page);

  // The category's extra questions show under it once it is chosen (CSS: with JavaScript off too).
  const danger = page.getByRole("group", { name: "È un pericolo immediato per chi passa?" });
  await expect(danger).toBeHidden();
  await fillReport(page, "Strade", "Buca profonda in carreggiata", street, "8");
  await expect(page.getByRole("group", { name: "Qualche domanda in più su «Strade»" })).toBeVisible();
  await danger.getByLabel("Sì").check();
  await page.getByLabel("Larghezza approssimativa della buca, in centimetri").fill("40");
  await expectNoAxeViolations(page);
  // A photo (the portal's own icon stands in for one): the author sees it before it is published.
  const photo = readFileSync(join(__dirname, "../../public/icons/icon-512.png"));
  await page.getByLabel("Foto (facoltative, fino a 3)").setInputFiles({ name: "buca.png", mimeType: "image/png", buffer: photo });
  const number = await sendReport(page);
  await expect(page.getByRole("heading", { level: 1, name: "Le mie segnalazioni" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Buca profonda in carreggiata" }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // The office: its inbox, the report, two moves with a public answer.
  await page.context().clearCookies();
  await logInAsStaff(page);
  await visit(page, "/operatore/segnalazioni");
  await expect(page.getByRole("heading", { level: 1, name: "Segnalazioni degli uffici" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: number }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Buca profonda in carreggiata" })).toBeVisible();
  await expect(page.getByText("Mario Rossi")).toBeVisible();
  await expect(page.getByText("È un pericolo immediato per chi passa?")).toBeVisible();
  await expect(page.getByRole("img", { name: "Foto 1 della segnalazione «Buca profonda in carreggiata»" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Pubblica la foto 1" }).click();
  await expect(page.getByRole("button", { name: "Ritira la foto 1" })).toBeVisible();
  await page.getByRole("group", { name: "Che cosa fai della segnalazione?" }).getByLabel("Prendi in carico").check();
  await page.getByRole("button", { name: "Aggiorna la segnalazione" }).click();
  await expect(page.getByText("Segnalazione aggiornata")).toBeVisible();
  await page.getByRole("group", { name: "Che cosa fai della segnalazione?" }).getByLabel("Segna come risolta").check();
  await page.getByRole("button", { name: "Aggiorna la segnalazione" }).click();
  await expect(page.getByRole("alert")).toContainText("Scrivi la risposta pubblica");
  await expectNoAxeViolations(page);
  await page.getByLabel("Risposta pubblica").fill("Buca chiusa con asfalto a freddo.");
  await page.getByRole("button", { name: "Aggiorna la segnalazione" }).click();
  await expect(page.getByText("Segnalazione aggiornata")).toBeVisible();

  // A report received by phone, registered with its channel.
  await visit(page, "/operatore/segnalazioni/nuova");
  await expect(page.getByRole("heading", { level: 1, name: "Registra una segnalazione" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Canale").selectOption({ label: "Telefono" });
  await page.getByLabel("Chi segnala", { exact: true }).fill("Carla Neri");
  await page.getByLabel("Recapito di chi segnala").fill("02 1234567");
  await page.getByRole("group", { name: "Di che cosa si tratta?" }).getByLabel("Servizi pubblici", { exact: true }).check();
  await page.getByLabel("Titolo", { exact: true }).fill("Lampione spento");
  await page.getByLabel("Descrizione", { exact: true }).fill("Il lampione all'incrocio è spento da tre sere.");
  await page.getByLabel("Via", { exact: true }).selectOption(streetOfProject());
  await page.getByLabel("Riferimento", { exact: true }).fill("all'incrocio");
  // The photo the citizen sent by email goes with the report.
  await page.getByLabel("Foto (facoltative, fino a 3)").setInputFiles({ name: "lampione.png", mimeType: "image/png", buffer: photo });
  await page.getByRole("button", { name: "Registra la segnalazione" }).click();
  await expect(page.getByText(/Segnalazione n\. \d{4}-\d{6} registrata/)).toBeVisible();
  await expect(page.getByRole("cell", { name: "Lampione spento" }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // Anyone reads the answer and the history; nobody's name.
  await page.context().clearCookies();
  await visit(page, `/segnalazioni/${number}`);
  await expect(page.getByRole("heading", { level: 1, name: "Buca profonda in carreggiata" })).toBeVisible();
  await expect(page.getByText("Buca chiusa con asfalto a freddo.").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Storia della segnalazione" }).getByRole("listitem")).toHaveCount(3);
  await expect(page.getByText("Mario Rossi")).toHaveCount(0);
  await expect(page.getByRole("img", { name: "Foto 1 della segnalazione «Buca profonda in carreggiata»" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^Rho$/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // The public list by area (hamlet) and street: the report is in Rho, not in Mazzo.
  await visit(page, "/segnalazioni");
  const filters = page.getByRole("form", { name: "Filtra le segnalazioni" });
  await filters.getByLabel("Zona (frazione)").selectOption("Rho");
  await filters.getByLabel("Via", { exact: true }).selectOption(street);
  await filters.getByRole("button", { name: "Filtra" }).click();
  await expect(page.getByRole("link", { name: "Buca profonda in carreggiata" }).first()).toBeVisible();
  await expect(page.getByLabel("Zona (frazione)")).toHaveValue("Rho");
  await expectNoAxeViolations(page);
  await page.getByLabel("Zona (frazione)").selectOption("Mazzo");
  await page.getByRole("button", { name: "Filtra" }).click();
  await expect(page.getByText("Segnalazioni trovate: 0")).toBeVisible();
  await expect(page.getByRole("link", { name: "Buca profonda in carreggiata" })).toHaveCount(0);
});

test("before sending, an open report of the same kind on the street is offered, and followed instead", async ({ page }) => {
  test.setTimeout(90_000);
  const street = streetOfProject();
  await logInAsCitizen(page, MARIO, "/area-personale/segnalazioni/nuova");
  // Anna is one account for every project: each project's report has its own title.
  const title = `Ramo spezzato in ${street}`;
  await fillReport(page, "Verde pubblico", title, street, "21");
  const first = await sendReport(page);

  await logInAsCitizen(page, ANNA, "/area-personale/segnalazioni/nuova");
  await fillReport(page, "Verde pubblico", "Albero con un ramo rotto", street, "23");
  await page.getByRole("button", { name: "Invia la segnalazione" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "È una di queste?" })).toBeVisible();
  await expect(page.getByLabel("Titolo", { exact: true })).toHaveValue("Albero con un ramo rotto");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: `Segui questa segnalazione ${first}: ${title}` }).click();
  await expect(page.getByText(`Ora segui la segnalazione n. ${first}`)).toBeVisible();
  await expect(page.getByRole("link", { name: title }).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an administrator issues an Open311 key to a named application, sees it once, and revokes it", async ({ page }) => {
  test.setTimeout(120_000);
  await logInAsStaff(page);
  await visit(page, "/amministrazione/segnalazioni");
  await expect(page.getByRole("heading", { level: 1, name: "Categorie delle segnalazioni" })).toBeVisible();
  await expectNoAxeViolations(page);
  const access = page.getByRole("region", { name: "Accesso Open311" });
  await access.getByRole("button", { name: "Rilascia una chiave" }).click();
  await expect(page.getByText("Scrivi il nome dell'applicazione (da 3 a 120 caratteri).").first()).toBeVisible();
  await expectNoAxeViolations(page);

  const name = `App di prova ${test.info().project.name} ${Date.now()}`;
  await page.getByLabel("Nome dell'applicazione").fill(name);
  await page.getByRole("button", { name: "Rilascia una chiave" }).click();
  const issued = page.getByRole("status").filter({ hasText: `Chiave rilasciata a ${name}` });
  await expect(issued).toBeVisible();
  const key = ((await issued.getByText(/^o311-/).textContent()) ?? "").trim();
  expect(key).toMatch(/^o311-[0-9a-f]{64}$/);
  await expectNoAxeViolations(page);

  // The application files with it (form-encoded, as Open311 says), until it is revoked.
  const request = {
    form: { api_key: key, service_code: "degrado", address_string: "via Madonna 3", description: "Rifiuti abbandonati accanto alla panchina del parco." },
  };
  const filed = await page.request.post("/open311/v2/requests.json", request);
  expect(filed.status()).toBe(200);
  expect((await filed.json())[0].service_request_id).toMatch(/^\d{4}-\d{6}$/);
  await visit(page, "/amministrazione/segnalazioni");
  await expect(page.getByText(key)).toHaveCount(0);
  await page.getByRole("region", { name: "Accesso Open311" }).getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: /Revoca la chiave/ }).click();
  await expect(page.getByText("Chiave revocata.")).toBeVisible();
  await expectNoAxeViolations(page);
  const refused = await page.request.post("/open311/v2/requests.json", request);
  expect(refused.status()).toBe(403);
});

test("the place is chosen on a map with the mouse or the keyboard, written as text, and the list shows the reports on a map", async ({ page }) => {
  test.setTimeout(120_000);
  const javascript = test.info().project.use.javaScriptEnabled !== false;
  await logInAsCitizen(page, ANNA, "/area-personale/segnalazioni/nuova");
  await expect(page.getByRole("heading", { level: 1, name: "Nuova segnalazione" })).toBeVisible();
  const map = page.getByRole("region", { name: "Mappa per scegliere il punto della segnalazione" });
  const centre = page.getByRole("button", { name: "Metti il punto al centro della mappa" });
  const latitude = page.getByLabel("Latitudine");
  const longitude = page.getByLabel("Longitudine");
  const title = `Panchina rotta ${test.info().project.name} ${Date.now()}`;
  if (!javascript) {
    // Without JavaScript there is no map: the point is typed.
    await expect(map).toHaveCount(0);
    await expect(centre).toHaveCount(0);
    await latitude.fill("45.5301");
    await longitude.fill("9.0410");
  } else {
    await expect(map).toBeVisible();
    await expectNoAxeViolations(page);
    // The mouse: a click writes the point into the fields.
    await map.click({ position: { x: 60, y: 60 } });
    await expect(latitude).toHaveValue(/^45\.\d{6}$/);
    await expect(longitude).toHaveValue(/^9\.\d{6}$/);
    const clicked = await latitude.inputValue();
    // The keyboard: move the map with the arrows, then put the point at its centre.
    await map.focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await centre.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByText(/^Punto scelto: latitudine 45\.\d{6}, longitudine 9\.\d{6}\.$/)).toBeVisible();
    expect(await latitude.inputValue()).not.toBe(clicked);
    await expectNoAxeViolations(page);
  }
  await page.getByRole("group", { name: "Di che cosa si tratta?" }).getByLabel("Verde pubblico", { exact: true }).check();
  await page.getByLabel("Titolo", { exact: true }).fill(title);
  await page.getByLabel("Descrizione", { exact: true }).fill(`${title}: le assi sono spezzate, ci si può ferire.`);
  await page.getByLabel("Ho letto l'informativa sul trattamento dei dati personali").check();
  const number = await sendReport(page);

  // The public list: the report's point on the map (with JavaScript), the list always.
  await visit(page, `/segnalazioni?categoria=verde-pubblico`);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  const listMap = page.getByRole("region", { name: "Mappa delle segnalazioni di questa pagina" });
  if (!javascript) {
    await expect(listMap).toHaveCount(0);
    return;
  }
  await expect(listMap).toBeVisible();
  const marker = listMap.getByRole("button", { name: title });
  await expect(marker).toBeVisible();
  await expectNoAxeViolations(page);
  await marker.focus();
  await page.keyboard.press("Enter");
  await listMap.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(number).first()).toBeVisible();
});
