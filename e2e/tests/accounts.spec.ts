import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, visit } from "./accessibility";
import { randomFiscalCode, totpCode } from "./totp";
import { enterCode, logInAsStaff } from "./staff";

const NEW_PASSWORD = "cavallo batteria graffetta";

test("a clerk registers a citizen, who activates the credentials, enrols TOTP, logs in at level 2, verifies the email and resets the password by email", async ({ page }) => {
  test.setTimeout(300_000);
  await logInAsStaff(page);
  await page.goto("/operatore");
  await expect(page.getByRole("heading", { level: 1, name: "Area operatori" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A mistake first: the form comes back with the error summary focused and the values kept.
  const fiscalCode = randomFiscalCode();
  const register = page.getByRole("region", { name: "Registra un cittadino" });
  await register.getByLabel("Codice fiscale").fill(fiscalCode.slice(0, 15));
  await register.getByLabel("Nome", { exact: true }).fill("Chiara");
  await register.getByLabel("Cognome").fill("Colombo");
  await register.getByRole("button", { name: "Registra e genera il codice" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori" })).toBeFocused();
  await expect(page.getByRole("link", { name: /Il codice fiscale ha 16 caratteri: ne hai inseriti 15/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Registra un cittadino" }).getByLabel("Nome", { exact: true })).toHaveValue("Chiara");
  await expectNoAxeViolations(page);
  await page.getByRole("region", { name: "Registra un cittadino" }).getByLabel("Codice fiscale").fill(fiscalCode);
  await page.getByRole("button", { name: "Registra e genera il codice" }).click();
  const issued = page.getByRole("status").filter({ hasText: "Codice di attivazione generato" });
  await expect(issued).toBeVisible();
  const activationCode = (await issued.getByText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/).textContent())!.trim();
  await expectNoAxeViolations(page);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Scarica la lettera di attivazione (PDF)" }).click();
  expect((await download).suggestedFilename()).toBe("lettera-attivazione.pdf");
  await page.goto("/area-personale");
  await page.getByRole("button", { name: "Esci", exact: true }).click();
  await expect(page.getByText("Sei uscito dall'area personale.")).toBeVisible();

  // The citizen activates the credentials from the letter.
  await page.goto("/attiva");
  await expect(page.getByRole("heading", { level: 1, name: "Attiva le credenziali" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Codice fiscale").fill(fiscalCode.toLowerCase());
  await page.getByLabel("Codice di attivazione").fill(activationCode);
  await page.getByLabel("Nuova password", { exact: true }).fill("corta");
  await page.getByLabel("Ripeti la nuova password").fill("corta");
  await page.getByRole("button", { name: "Attiva e accedi" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("link", { name: "La password deve avere almeno 10 caratteri." })).toBeVisible();
  await expect(page.getByLabel("Codice di attivazione")).toHaveValue(activationCode);
  await expectNoAxeViolations(page);
  await page.getByLabel("Nuova password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Ripeti la nuova password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Attiva e accedi" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sicurezza dell'accesso" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Enrol an authenticator app.
  await page.getByRole("button", { name: "Configura l'app di autenticazione" }).click();
  await expect(page.getByRole("img", { name: "Codice QR per configurare l'app di autenticazione" })).toBeVisible();
  await expectNoAxeViolations(page);
  const secret = (await page.locator("code").textContent())!.trim();
  // This account's codes are used three times within a minute (enrolment, two
  // logins), and each must be of a later time step than the last: the
  // enrolment takes the previous step's code (accepted for clock skew) unless
  // the step ends within 3 seconds (then it could expire in transit, and the
  // current one is taken), the first login the step after the enrolment's or
  // the current one, the last one the next step's, so no test waits for the clock.
  const previousStep = () => totpCode(secret, Date.now() / 1000 - 30);
  // The password typed again is part of the confirmation: without it, nothing changes.
  await page.getByLabel("Codice di 6 cifre").fill(previousStep());
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("link", { name: "Inserisci la tua password: serve a confermare che sei tu." })).toBeVisible();
  await expectNoAxeViolations(page);
  const enrolmentStep = Math.floor((Date.now() / 1000 + 3) / 30) - 1;
  await page.getByLabel("Codice di 6 cifre").fill(totpCode(secret, enrolmentStep * 30));
  await page.getByLabel("La tua password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page.getByText("App di autenticazione configurata")).toBeVisible();
  await expectNoAxeViolations(page);

  // Setting up the app does not raise this session: it stays at level 1.
  await page.goto("/area-personale");
  await expect(page.getByText("Benvenuto, Chiara Colombo")).toBeVisible();
  await expect(page.getByText("Credenziali dello sportello (livello 1)")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Esci", exact: true }).click();
  await page.goto("/servizi/cambio-di-residenza");
  await page.getByRole("link", { name: "Accedi all'area personale" }).click();
  await page.getByRole("link", { name: "Accedi con codice fiscale e password" }).click();
  await page.getByLabel("Codice fiscale").fill(fiscalCode);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  const loginStep = Math.max(Math.floor(Date.now() / 1000 / 30), enrolmentStep + 1);
  await page.getByLabel("Codice di 6 cifre").fill(totpCode(secret, loginStep * 30));
  await page.getByRole("button", { name: "Conferma" }).click();
  // Back to the service the citizen was reading (national criterion C.SE.1.1).
  await expect(page).toHaveURL(/\/servizi\/cambio-di-residenza$/);
  await expect(page.getByRole("heading", { level: 1, name: "Cambio di residenza" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Area personale/ })).toBeVisible();

  // At level 2 the personal data export reads as a page too.
  await page.goto("/area-personale");
  await page.getByRole("link", { name: "Leggi i tuoi dati in una pagina" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "I tuoi dati personali" })).toBeVisible();
  const profile = page.getByRole("region", { name: "Profilo" });
  await expect(profile.getByRole("definition").filter({ hasText: fiscalCode })).toBeVisible();
  await expect(page.getByRole("region", { name: "Registro degli accessi ai tuoi dati" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A verified email opens the reset without the counter.
  const email = `chiara.${fiscalCode.toLowerCase()}@example.it`;
  await verifyEmail(page, email);
  await page.getByRole("button", { name: "Esci", exact: true }).click();
  const chosenAgain = "lampone tramonto violino";
  await resetForgottenPassword(page, fiscalCode, email, chosenAgain);
  await page.getByLabel("Codice fiscale").fill(fiscalCode);
  await page.getByLabel("Password").fill(chosenAgain);
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  await enterCode(page, secret);
  await expect(page.getByRole("heading", { level: 1, name: "Area personale" })).toBeVisible();
});

/** The message to `recipient` in the development outbox, as text. */
async function lastMessageTo(page: Page, recipient: string, subject: string): Promise<string> {
  await visit(page, "/sviluppo/posta");
  await expect(page.getByRole("heading", { level: 1, name: "Posta in uscita (ambiente di prova)" })).toBeVisible();
  await expectNoAxeViolations(page);
  const message = page.getByRole("article", { name: `${subject} — ${recipient}` }).first();
  return (await message.textContent()) ?? "";
}

async function verifyEmail(page: Page, email: string): Promise<void> {
  await page.goto("/area-personale");
  const contacts = page.getByRole("form", { name: "I tuoi recapiti" });
  await contacts.getByLabel("Email").fill(email);
  await contacts.getByRole("button", { name: "Salva" }).click();
  await expect(page.getByText(`${email} (non verificata)`)).toBeVisible();
  await page.getByRole("form", { name: "Verifica la tua email" }).getByRole("button", { name: "Invia il codice di verifica" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Verifica la tua email" })).toBeVisible();
  await expect(page.getByText("Ti abbiamo inviato un'email con un codice di 6 cifre")).toBeVisible();
  await expectNoAxeViolations(page);
  const mail = await lastMessageTo(page, email, "Codice di verifica dell'email - Comune di Rho");
  const code = mail.match(/il codice:\s*(\d{6})/)![1];
  await page.goto("/area-personale");
  await page.getByRole("link", { name: "Hai già il codice? Inseriscilo qui" }).click();
  // A typing mistake first: a specific message, what was typed kept.
  await page.getByLabel("Codice di verifica (6 cifre)").fill(code.slice(0, 5));
  await page.getByRole("button", { name: "Verifica l'email" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("link", { name: "Il codice di verifica è formato da 6 cifre, senza lettere." })).toBeVisible();
  await expect(page.getByLabel("Codice di verifica (6 cifre)")).toHaveValue(code.slice(0, 5));
  await expectNoAxeViolations(page);
  await page.getByLabel("Codice di verifica (6 cifre)").fill(code);
  await page.getByRole("button", { name: "Verifica l'email" }).click();
  await expect(page.getByText("Email verificata: grazie.")).toBeVisible();
  await expect(page.getByText(`${email} (verificata)`)).toBeVisible();
  await expectNoAxeViolations(page);
}

async function resetForgottenPassword(page: Page, fiscalCode: string, email: string, newPassword: string): Promise<void> {
  await page.goto("/accedi/credenziali");
  await page.getByRole("link", { name: "Hai dimenticato la password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reimposta la password" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Codice fiscale").fill(fiscalCode);
  await page.getByLabel("Email").fill("non-una-email");
  await page.getByRole("button", { name: "Invia il link" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("link", { name: /L'indirizzo email non è valido/ })).toBeVisible();
  await expect(page.getByLabel("Codice fiscale")).toHaveValue(fiscalCode);
  await expectNoAxeViolations(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Invia il link" }).click();
  await expect(page.getByText("Se i dati corrispondono a credenziali attive con email verificata")).toBeVisible();
  await expectNoAxeViolations(page);

  const mail = await lastMessageTo(page, email, "Reimposta la password - Comune di Rho");
  const link = new URL(mail.match(/https?:\/\/\S+\/accedi\/nuova-password\?token=[0-9a-f]{64}/)![0]);
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { level: 1, name: "Scegli una nuova password" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Nuova password", { exact: true }).fill(newPassword);
  await page.getByLabel("Ripeti la nuova password").fill(`${newPassword}!`);
  await page.getByRole("button", { name: "Salva la nuova password" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("link", { name: "Le due password non coincidono: scrivile di nuovo." })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Nuova password", { exact: true }).fill(newPassword);
  await page.getByLabel("Ripeti la nuova password").fill(newPassword);
  await page.getByRole("button", { name: "Salva la nuova password" }).click();
  await expect(page.getByText("Password cambiata: accedi con la nuova password.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Accedi con codice fiscale e password" })).toBeVisible();
  await expectNoAxeViolations(page);
  // The link works once.
  await page.goto(link.pathname + link.search);
  await expect(page.getByText("Il link non è valido, è scaduto o è già stato usato.")).toBeVisible();
  await page.goto("/accedi/credenziali");
}

test("an administrator adds a clerk and sets up the clerk's authenticator app in person", async ({ page }) => {
  test.setTimeout(180_000);
  await logInAsStaff(page);
  await page.goto("/amministrazione");
  await expect(page.getByRole("heading", { level: 1, name: "Amministrazione: personale" })).toBeVisible();
  await expectNoAxeViolations(page);
  const fiscalCode = randomFiscalCode();
  const givenName = `Paola${fiscalCode.slice(0, 3)}`;
  const add = page.getByRole("region", { name: "Aggiungi un operatore" });
  await add.getByLabel("Codice fiscale").fill(fiscalCode);
  await add.getByLabel("Nome", { exact: true }).fill(givenName);
  await add.getByLabel("Cognome").fill("Neri");
  await add.getByRole("button", { name: "Aggiungi e genera il codice" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Codice di attivazione generato" })).toBeVisible();

  // Staff never set up their own app: the administrator does, with the clerk present.
  await page.getByRole("button", { name: `Configura l'app di autenticazione — ${givenName} Neri` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `App di autenticazione di ${givenName} Neri` })).toBeVisible();
  await expect(page.getByRole("img", { name: "Codice QR per configurare l'app di autenticazione" })).toBeVisible();
  await expectNoAxeViolations(page);
  const key = (await page.locator("code").textContent())!.trim();
  await page.getByLabel("Codice di 6 cifre").fill("000000");
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page).toHaveTitle(/^Errore: /);
  await expect(page.getByRole("alert").filter({ hasText: "Correggi i seguenti errori" })).toBeFocused();
  await expectNoAxeViolations(page);
  await page.getByLabel("Codice di 6 cifre").fill(totpCode(key, Date.now() / 1000));
  await page.getByRole("button", { name: "Conferma" }).click();
  await expect(page.getByText("App di autenticazione configurata; le sessioni aperte della persona sono state chiuse.")).toBeVisible();
  await expectNoAxeViolations(page);
});
