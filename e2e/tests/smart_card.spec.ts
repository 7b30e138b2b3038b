import { expect, test } from "@playwright/test";
import { join } from "node:path";
import { endToEnd } from "../playwright.config";
import { expectNoAxeViolations, visit } from "./accessibility";

const root = join(__dirname, "..", "..");

test("a citizen logs in with a CNS smart card and lands back on the page they were reading", async ({ browser }) => {
  const pki = join(root, endToEnd.smart_card.pki);
  // The card's certificate, as the browser would offer it from the reader.
  // The listener's TLS certificate comes from the test CA the browser does not know.
  const context = await browser.newContext({
    baseURL: `http://${endToEnd.server.address}`,
    ignoreHTTPSErrors: true,
    clientCertificates: [
      { origin: `https://${endToEnd.smart_card.address}`, certPath: join(pki, "card.pem"), keyPath: join(pki, "card.key") },
    ],
  });
  const page = await context.newPage();
  try {
    await visit(page, "/servizi/cambio-di-residenza");
    await page.getByRole("link", { name: "Accedi all'area personale" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Accedi con la Carta Nazionale dei Servizi" })).toBeVisible();
    await page.getByRole("link", { name: "Accedi con la carta" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Cambio di residenza" })).toBeVisible();
    await page.getByRole("link", { name: /Area personale/ }).click();
    await expect(page.getByText("Benvenuto, Giuseppe Verdi")).toBeVisible();
    await expect(page.getByText("Carta Nazionale dei Servizi (livello 2)")).toBeVisible();
    await expectNoAxeViolations(page);
  } finally {
    await context.close();
  }
});

test("without a card the smart-card login explains what to do", async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  try {
    await page.goto(`https://${endToEnd.smart_card.address}/accedi/cns`);
    await expect(page).toHaveTitle(/^Errore: /);
    await expect(page.getByRole("alert")).toContainText("Il browser non ha presentato nessun certificato");
    await expectNoAxeViolations(page);
  } finally {
    await context.close();
  }
});
