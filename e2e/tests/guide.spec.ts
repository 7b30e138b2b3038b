import { chromium, expect, test } from "@playwright/test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endToEnd } from "../playwright.config";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsCitizen } from "./citizen";
import { randomFiscalCode } from "./totp";

const javascriptOn = (projectName: string) => projectName.endsWith("js-on");

test("browse topics down to a service sheet", async ({ page }) => {
  await visit(page, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Servizi online del Comune di Rho" })).toBeVisible();
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Argomenti" }).click();
  await expect(page).toHaveURL(/\/argomenti$/);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Imposte" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Imposte" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "TARI: iscrizione alla tassa sui rifiuti" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "TARI: iscrizione alla tassa sui rifiuti" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Indice della pagina" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("navigation", { name: "Percorso di navigazione" }).getByRole("link", { name: "Servizi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Servizi" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("search in Italian with the query kept in the URL", async ({ page }) => {
  await visit(page, "/");
  await page.getByLabel("Cerca nel sito").fill("residenza");
  await page.getByRole("button", { name: "Cerca", exact: true }).click();
  await expect(page).toHaveURL(/\/cerca\?q=residenza/);
  const results = page.getByRole("region", { name: "Risultati per «residenza»" });
  await expect(results.getByRole("link").first()).toHaveText("Cambio di residenza");
  await expect(page.getByLabel("Cerca nel sito")).toHaveValue("residenza");
  await expectNoAxeViolations(page);
  await page.goto("/cerca?q=rifiuti");
  await expect(page.getByRole("region", { name: "Risultati per «rifiuti»" }).getByRole("link", { name: "TARI: iscrizione alla tassa sui rifiuti" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("download a form from a service sheet", async ({ page }) => {
  await visit(page, "/servizi/cambio-di-residenza");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Dichiarazione di residenza/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("dichiarazione-di-residenza.pdf");
  const bytes = await readFile(await file.path());
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
});

test("rate a page with the keyboard, with an error on the way", async ({ page }) => {
  await visit(page, "/servizi/carta-identita-elettronica");
  const feedback = page.getByRole("region", { name: "Quanto sono chiare le informazioni su questa pagina?" });
  const difficulties = feedback.getByRole("group", { name: "Dove hai incontrato le maggiori difficoltà?" });
  const liked = feedback.getByRole("group", { name: "Quali sono stati gli aspetti che hai preferito?" });
  // The follow-up question waits for the stars.
  await expect(difficulties).toBeHidden();
  await expect(liked).toBeHidden();
  await feedback.getByRole("button", { name: "Invia" }).click();
  const summary = page.getByRole("heading", { name: "Correggi i seguenti errori:" });
  await expect(summary).toBeVisible();
  await expect(page.locator("#feedback-errors")).toBeFocused();
  await expectNoAxeViolations(page);
  // Stars 1-3 ask where it was hard, 4-5 what was liked: CSS alone switches them.
  await page.getByLabel("Valuta 2 stelle su 5").focus();
  await page.keyboard.press("Space");
  await expect(difficulties).toBeVisible();
  await expect(liked).toBeHidden();
  await page.getByLabel("Valuta 4 stelle su 5").focus();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Valuta 4 stelle su 5")).toBeChecked();
  await expect(liked).toBeVisible();
  await expect(difficulties).toBeHidden();
  await expectNoAxeViolations(page);
  await liked.getByLabel("Le indicazioni erano chiare").check();
  await page.getByLabel("Dettaglio (facoltativo)").fill("Scheda chiara e completa");
  await feedback.getByRole("button", { name: "Invia" }).press("Enter");
  await expect(page.getByText("Grazie, il tuo parere ci aiuterà a migliorare il servizio!")).toBeVisible();
  await expectNoAxeViolations(page);
  await visit(page, "/valutazioni");
  await expect(page.getByRole("link", { name: "Carta d'identità elettronica (CIE)" })).toBeVisible();
});

test("search suggestions appear only once hydrated; the form works without them", async ({ page }, testInfo) => {
  await visit(page, "/cerca");
  const field = page.getByLabel("Cerca nel sito");
  if (javascriptOn(testInfo.project.name)) {
    // The island is hydrated when its event handler answers: typing alone lists suggestions.
    await expect(async () => {
      await field.fill("");
      await field.pressSequentially("resid");
      await expect(page.getByRole("list", { name: "Suggerimenti" }).getByRole("link", { name: "Cambio di residenza" })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await expectNoAxeViolations(page);
    await page.getByRole("list", { name: "Suggerimenti" }).getByRole("link", { name: "Cambio di residenza" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Cambio di residenza" })).toBeVisible();
    await expectNoAxeViolations(page);
  } else {
    await field.pressSequentially("resid");
    await page.waitForTimeout(1000);
    await expect(page.getByRole("list", { name: "Suggerimenti" })).toHaveCount(0);
    await field.press("Enter");
    await expect(page).toHaveURL(/\/cerca\?q=resid/);
    await expect(page.getByRole("region", { name: "Risultati per «resid»" }).getByRole("link", { name: "Cambio di residenza" })).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test("pages link the CSS, JS and WASM by their content's name, cached for a year and without a cookie", async ({ request }) => {
  const html = await (await request.get("/cerca")).text();
  // The CSS in a link; the JS and WASM in the island loader's script, from
  // the folder named by the content of the islands' whole build.
  const assets = [...html.matchAll(/"(\/pkg\/(?:sportello\.[0-9a-f]{16}\.css|[0-9a-f]{16}\/sportello\.(?:js|wasm)))"/g)].map((match) => match[1]);
  expect(new Set(assets.map((asset) => asset.split(".").pop()))).toEqual(new Set(["css", "js", "wasm"]));
  for (const asset of assets) {
    const response = await request.get(asset, { headers: { "accept-encoding": "br" } });
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers()["content-encoding"]).toBe("br");
    expect(response.headers()["set-cookie"]).toBeUndefined();
  }
});

test("keyboard only: skip link, main menu and language switch", async ({ page }) => {
  await visit(page, "/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Vai al contenuto principale" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);
  await page.goto("/");
  let reached = false;
  for (let step = 0; step < 15 && !reached; step += 1) {
    await page.keyboard.press("Tab");
    reached = await page
      .getByRole("navigation", { name: "Menu principale" })
      .getByRole("link", { name: "Servizi" })
      .evaluate((element) => element === document.activeElement);
  }
  expect(reached, "the main menu is reachable with Tab").toBeTruthy();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/servizi$/);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Read this site in English" }).press("Enter");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Services" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Leggi il sito in italiano" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expectNoAxeViolations(page);
});

test("every other public page passes axe", async ({ page }) => {
  for (const path of [
    "/esempi/componenti",
    "/info/privacy",
    "/info/dichiarazione-di-accessibilita",
    "/info/faq",
    "/info/segnalazione-disservizio",
    "/info/prenota-appuntamento",
    "/info/condizioni-di-servizio",
    "/info/accedi",
    "/info/note-legali",
    "/info/piano-di-miglioramento",
    "/offline",
    "/cerca?q=citta",
  ]) {
    await visit(page, path);
  }
  const response = await page.goto("/servizi/non-esiste");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Servizio non trovato" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("installable PWA with guide pages readable offline", async ({ baseURL }, testInfo) => {
  test.skip(!javascriptOn(testInfo.project.name), "service workers need JavaScript");
  // Chromium reports every incognito profile as not installable: use a real profile.
  const profile = await mkdtemp(join(tmpdir(), "sportello-pwa-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: endToEnd.browser.executable,
    args: endToEnd.browser.args,
    headless: true,
    baseURL,
    viewport: testInfo.project.use.viewport ?? undefined,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/servizi/mensa-scolastica");
    await expectNoAxeViolations(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    await expect.poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
    // Visit again under the service worker's control so that the page is cached.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBeTruthy();
    await page.reload();
    await context.setOffline(true);
    await page.goto("/servizi/mensa-scolastica");
    await expect(page.getByRole("heading", { level: 1, name: "Mensa scolastica: iscrizione" })).toBeVisible();
    await page.goto("/servizi/asilo-nido");
    await expect(page.getByRole("heading", { level: 1, name: "Sei offline" })).toBeVisible();
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test("a page seen while signed in is never kept for offline reading, and logging out drops what was kept", async ({ page }, testInfo) => {
  test.skip(!javascriptOn(testInfo.project.name), "service workers need JavaScript");
  const cached = (path: string) => page.evaluate(async (path) => (await caches.match(path)) !== undefined, path);
  await page.goto("/servizi/mensa-scolastica");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBeTruthy();
  await page.reload();
  await expect.poll(() => cached("/servizi/mensa-scolastica"), "an anonymous rendering is kept").toBeTruthy();

  await logInAsCitizen(page, randomFiscalCode(), "/servizi/asilo-nido");
  await expect(page.getByRole("heading", { level: 1, name: /Asilo nido/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Area personale — / })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: /^Area personale — / })).toBeVisible();
  await page.context().setOffline(true);
  await page.goto("/servizi/asilo-nido");
  await expect(page.getByRole("heading", { level: 1, name: "Sei offline" }), "the signed-in rendering was not kept").toBeVisible();
  await page.context().setOffline(false);

  await visit(page, "/area-personale");
  await page.getByRole("button", { name: "Esci", exact: true }).click();
  await expect(page.getByText("Sei uscito dall'area personale.")).toBeVisible();
  expect(await cached("/servizi/mensa-scolastica"), "logging out emptied the offline copies").toBeFalsy();
});
