import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { logInAsCitizen } from "./citizen";

const MARIO = "RSSMRA80A01F205X";

/** Each kind, for whom (the demo registry's Rossi family), and the exemption claimed (none: exempt by law). */
const CERTIFICATES: { title: string; person: string | RegExp; exemption?: string }[] = [
  { title: "Certificato di residenza", person: /^Mario Rossi \(tu\)$/, exemption: "7" },
  { title: "Certificato di stato di famiglia", person: "Laura Colombo", exemption: "6" },
  { title: "Certificato di cittadinanza italiana", person: "Luca Rossi", exemption: "3" },
  { title: "Certificato di esistenza in vita", person: "Sofia Rossi", exemption: "9" },
  { title: "Certificato cumulativo di residenza e stato di famiglia", person: /^Mario Rossi \(tu\)$/, exemption: "1" },
  { title: "Certificato cumulativo di residenza, cittadinanza e stato civile", person: "Laura Colombo", exemption: "2" },
  { title: "Certificato cumulativo di residenza, cittadinanza e godimento dei diritti politici", person: /^Mario Rossi \(tu\)$/, exemption: "10" },
  { title: "Estratto dell'atto di nascita", person: "Luca Rossi" },
  { title: "Estratto dell'atto di morte", person: "Giuseppe Rossi" },
  { title: "Estratto dell'atto di matrimonio", person: /^Mario Rossi \(tu\)$/ },
];

async function openRequest(page: Page, title: string) {
  await visit(page, "/certificati");
  await page.getByRole("link", { name: `Richiedi il certificato: ${title}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectNoAxeViolations(page);
}

test("a citizen downloads each of the ten certificates, for himself and his family, and anyone checks one", async ({ page }) => {
  // Ten requests and downloads, each page checked with axe.
  test.setTimeout(240_000);
  await logInAsCitizen(page, MARIO, "/certificati");
  await expect(page.getByRole("heading", { level: 1, name: "Certificati anagrafici" })).toBeVisible();
  let firstCode = "";
  for (const certificate of CERTIFICATES) {
    await openRequest(page, certificate.title);
    await page.getByRole("group", { name: "Per chi è il certificato" }).getByLabel(certificate.person).check();
    if (certificate.exemption) {
      await page.getByRole("group", { name: "Imposta di bollo" }).getByLabel("Ho diritto a un'esenzione prevista dalla legge").check();
      await page.getByLabel("Motivo dell'esenzione").selectOption(certificate.exemption);
    } else {
      await expect(page.getByText("Gratuito: gli estratti di stato civile sono esenti")).toBeVisible();
    }
    await page.getByRole("button", { name: "Richiedi il certificato" }).click();
    await expect(page.getByRole("heading", { level: 1, name: certificate.title })).toBeVisible();
    await expect(page.getByText("Il certificato è stato rilasciato")).toBeVisible();
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Scarica il certificato (PDF)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    if (!firstCode) firstCode = (await page.getByRole("definition").last().textContent()) ?? "";
  }
  await visit(page, "/area-personale/certificati");
  await expect(page.getByRole("heading", { level: 1, name: "I miei certificati" })).toBeVisible();

  // Anyone, logged out, checks the first one by its code.
  await page.context().clearCookies();
  await visit(page, "/certificati/verifica");
  await page.getByLabel("Codice di verifica").fill(firstCode.toLowerCase());
  await page.getByRole("button", { name: "Verifica il codice" }).click();
  await expect(page.getByText("Autentico: il certificato è stato rilasciato dal Comune di Rho")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a refusal says why and where to go; a mistake keeps what was chosen", async ({ page }) => {
  await logInAsCitizen(page, MARIO, "/certificati");
  await openRequest(page, "Certificato cumulativo di residenza, cittadinanza e godimento dei diritti politici");
  // Sofia, a minor, has no political rights to certify: not offered, with the reason.
  await expect(page.getByRole("region", { name: /non si può rilasciare online/ })).toContainText("Sofia Rossi");
  await expect(page.getByRole("region", { name: /non si può rilasciare online/ })).toContainText("diritti politici");
  await page.getByRole("group", { name: "Per chi è il certificato" }).getByLabel("Laura Colombo").check();
  await page.getByRole("group", { name: "Imposta di bollo" }).getByLabel("Ho diritto a un'esenzione prevista dalla legge").check();
  await page.getByLabel("Motivo dell'esenzione").selectOption("99");
  await page.getByRole("button", { name: "Richiedi il certificato" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.locator("#riepilogo-errori")).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("con «altro» è obbligatorio");
  await expect(page.getByRole("group", { name: "Per chi è il certificato" }).getByLabel("Laura Colombo")).toBeChecked();
  await expect(page.getByLabel("Motivo dell'esenzione")).toHaveValue("99");
  await expectNoAxeViolations(page);
});

test("with stamp duty, a family member's certificate is issued once pagoPA's receipt arrives", async ({ page }) => {
  test.setTimeout(120_000);
  await logInAsCitizen(page, MARIO, "/certificati");
  await openRequest(page, "Certificato di stato di famiglia");
  await page.getByRole("group", { name: "Per chi è il certificato" }).getByLabel("Laura Colombo").check();
  await page.getByRole("group", { name: "Imposta di bollo" }).getByLabel("Pago l'imposta di bollo di 16,00 € con pagoPA").check();
  await page.getByRole("button", { name: "Richiedi il certificato" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Paga l'imposta di bollo" })).toBeVisible();
  await expect(page.getByText("In attesa del pagamento dell'imposta di bollo")).toBeVisible();
  await expect(page.getByRole("link", { name: "Scarica il certificato (PDF)" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const certificatePage = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Paga l'imposta di bollo" }).click();

  await expect(page).toHaveURL(/\/simulatore-pagopa\/carrello\//);
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Prestatore di servizi di pagamento" }).getByLabel("Banca di prova").check();
  await page.getByRole("group", { name: "Esito da simulare" }).getByLabel("Pagamento riuscito").check();
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Esito del pagamento" })).toBeVisible();
  await expectNoAxeViolations(page);

  await visit(page, certificatePage);
  await expect(page.getByText("Valido", { exact: true })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Scarica il certificato (PDF)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^stato-di-famiglia-.*\.pdf$/);
});
