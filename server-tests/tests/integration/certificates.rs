//! Registry certificates over real HTTP: the ten kinds for oneself and the
//! family unit, each sealed (QR code read back from the rendered page,
//! signature checked by `openssl`), PDF/A-2b; every refusal; the stamp duty
//! through the pagoPA simulator; the public verification by code, by the
//! QR code's address and by the file; a registry clerk's revocation.

use crate::paying_online::{confirm_on_simulator, with_simulator};
use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use server::auth::accounts::{add_clerk_office, insert_account, set_totp_secret, NewAccount};

const MARIO: &str = "RSSMRA80A01F205X";

/// The demo registry's first families (the Rossi, Anna Ferrari) and a few more.
async fn with_registry(server: &TestServer) {
    let today = app::practices::calendar::rome_date_of_unix_seconds(server.clock.now_unix_seconds());
    server::certificates::demo_registry::load_demo_registry(server.pool(), today, TEST_REGISTRY_FAMILIES).await.unwrap();
}

async fn fiscal_code_of(server: &TestServer, given_name: &str) -> String {
    sqlx::query_scalar("SELECT fiscal_code FROM registry_people WHERE family_name IN ('Rossi', 'Colombo') AND given_name = $1 ORDER BY id LIMIT 1")
        .bind(given_name)
        .fetch_one(server.pool())
        .await
        .unwrap()
}

fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", "\"")
}

/// Asks for a certificate; the answer (303 to its page, or the form again).
async fn request(browser: &mut Browser, kind: &str, person: &str, stamp: &[(&str, &str)]) -> reqwest::Response {
    let mut fields = vec![("persona", person)];
    fields.extend_from_slice(stamp);
    browser.post_form(&format!("/area-personale/certificati/nuovo/{kind}"), &fields).await
}

async fn pdf_of(browser: &mut Browser, certificate_page: &str) -> Vec<u8> {
    let path = format!("{}/certificato.pdf", certificate_page.split('?').next().unwrap());
    let response = browser.get(&path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    response.bytes().await.unwrap().to_vec()
}

/// The QR code's address, read back from the rendered page.
fn seal_address(pdf: &[u8]) -> String {
    let codes = qr_codes_on_first_page(pdf);
    assert_eq!(codes.len(), 1, "one QR code: the seal");
    codes[0].clone()
}

fn query_value(address: &str, name: &str) -> String {
    address.split_once('?').unwrap().1.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}="))).unwrap().to_string()
}

async fn ten_certificates_for_oneself_and_the_family_each_sealed(server: &TestServer) {
    with_registry(server).await;
    create_citizen(server, MARIO, "Mario", false).await;
    let mut mario = log_in(server, MARIO, false).await;
    let (laura, luca, sofia, giuseppe) = (
        fiscal_code_of(server, "Laura").await,
        fiscal_code_of(server, "Luca").await,
        fiscal_code_of(server, "Sofia").await,
        fiscal_code_of(server, "Giuseppe").await,
    );

    // The catalogue leads to each kind; the request page offers the family unit.
    let (status, catalogue) = mario.get_text("/certificati").await;
    assert_eq!(status, 200);
    assert_eq!(catalogue.matches("href=\"/area-personale/certificati/nuovo/").count(), 10, "{catalogue}");
    let (status, page) = mario.get_text("/area-personale/certificati/nuovo/residenza").await;
    assert_eq!(status, 200);
    for code in [MARIO, &laura, &luca, &sofia] {
        assert!(page.contains(&format!("value=\"{code}\"")), "{code} offered: {page}");
    }
    assert!(!page.contains(&giuseppe), "the deceased only for the death certificate");
    let (_, death_page) = mario.get_text("/area-personale/certificati/nuovo/morte").await;
    assert!(death_page.contains(&format!("value=\"{giuseppe}\"")), "{death_page}");

    let exemption = |code: &'static str| vec![("bollo", "esenzione"), ("esenzione", code)];
    // (kind, for whom, the stamp duty's fields, a fact the PDF must print)
    type Request<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, &'a str);
    let requests: Vec<Request> = vec![
        ("residenza", MARIO, exemption("7"), "Residenza: Rho (MI)"),
        (
            "stato-di-famiglia",
            &laura,
            vec![("bollo", "esenzione"), ("esenzione", "99"), ("motivo_esenzione", "Domanda di borsa di studio universitaria")],
            "Componente 4",
        ),
        ("cittadinanza-italiana", &luca, exemption("3"), "Cittadinanza: italiana"),
        ("esistenza-in-vita", &sofia, exemption("9"), "Esistenza in vita"),
        ("residenza-e-stato-di-famiglia", MARIO, exemption("1"), "Famiglia anagrafica: composta da 4 persone"),
        ("residenza-cittadinanza-stato-civile", &laura, exemption("2"), "Stato civile: coniugata"),
        ("residenza-cittadinanza-diritti-politici", MARIO, exemption("10"), "Diritti politici: gode dei diritti politici"),
        ("nascita", &luca, vec![], "Atto di nascita: anno 2010"),
        ("morte", &giuseppe, vec![], "Deceduto il: 10/03/2025"),
        ("matrimonio", MARIO, vec![], "Matrimonio celebrato il: 06/09/2008"),
    ];
    let mut codes = Vec::new();
    for (kind, person, stamp, fact) in &requests {
        let response = request(&mut mario, kind, person, stamp).await;
        assert_eq!(response.status(), 303, "{kind}: {}", response.text().await.unwrap());
        let page = location(&response);
        assert!(page.starts_with("/area-personale/certificati/") && page.ends_with("?rilasciato=1"), "{page}");
        let (status, html) = mario.get_text(&page).await;
        assert_eq!(status, 200);
        assert!(html.contains("Il certificato è stato rilasciato") && html.contains("certificato.pdf"), "{html}");
        let pdf = pdf_of(&mut mario, &page).await;
        let text = text_of_pdf(&pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(fact), "{kind}: {flat}");
        assert!(flat
            .contains("Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi"));
        assert!(flat.contains("Contrassegno elettronico"), "{flat}");
        let pdf_text = String::from_utf8_lossy(&pdf);
        assert!(pdf_text.contains("<pdfaid:part>2</pdfaid:part>") && pdf_text.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "PDF/A-2b declared");
        let seal = seal_address(&pdf);
        assert!(seal.starts_with("http://portale.test/certificati/verifica?codice="), "{seal}");
        let code = query_value(&seal, "codice");
        assert!(flat.contains(&format!("Codice di verifica: {}-{}-{}", &code[0..4], &code[4..8], &code[8..12])), "the short code beside the seal");
        if kind.starts_with("nascita") || kind.starts_with("morte") || kind.starts_with("matrimonio") {
            assert!(flat.contains("art. 7 L. 405/1990"), "{flat}");
        }
        codes.push((code, seal, pdf));
    }
    assert!(text_of_pdf(&codes[0].2).contains("art. 19 L. 74/1987"), "the exemption's law is printed");

    // The sitemap and the service sheet lead to the catalogue and the check.
    let (_, sitemap) = mario.get_text("/sitemap.xml").await;
    assert!(sitemap.contains("/certificati</loc>") && sitemap.contains("/certificati/verifica</loc>"), "{sitemap}");
    let (_, sheet) = mario.get_text("/servizi/certificati-anagrafici").await;
    assert!(sheet.contains("href=\"/certificati\""), "{sheet}");
    // "I miei certificati" lists them; the public check knows each.
    let (_, mine) = mario.get_text("/area-personale/certificati").await;
    assert_eq!(mine.matches("href=\"/area-personale/certificati/").count() - mine.matches("/nuovo/").count(), 10, "{mine}");
    let mut visitor = Browser::new(server);
    let (code, seal, pdf) = &codes[0];
    let (status, answer) = visitor.get_text(&format!("/certificati/verifica?codice={}", code.to_lowercase())).await;
    assert_eq!(status, 200);
    assert!(answer.contains("Autentico") && answer.contains("Mario Rossi") && answer.contains("Certificato di residenza"), "{answer}");
    assert!(!answer.contains(MARIO), "no more than the certificate says to identify it, and never the fiscal code: {answer}");
    let (_, scanned) = visitor.get_text(seal.trim_start_matches("http://portale.test")).await;
    assert!(scanned.contains("Autentico") && scanned.contains("integro"), "{scanned}");
    let tampered = seal.replacen("sigillo=", "sigillo=0", 1);
    let (_, forged) = visitor.get_text(tampered.trim_start_matches("http://portale.test")).await;
    assert!(forged.contains("non corrisponde") && !forged.contains("Autentico"), "{forged}");
    let (_, unknown) = visitor.get_text("/certificati/verifica?codice=AAAA-BBBB-CCCC").await;
    assert!(unknown.contains("Nessun certificato del Comune di Rho corrisponde"), "{unknown}");

    // The file itself: as downloaded it is authentic, one changed byte is not.
    let _ = visitor.get("/certificati/verifica").await;
    let response = post_file(&mut visitor, pdf).await;
    assert_eq!(response.status(), 200);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("Autentico"), "{page}");
    let mut changed = pdf.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 1;
    let page = unescape(&post_file(&mut visitor, &changed).await.text().await.unwrap());
    assert!(page.contains("Nessun certificato del Comune di Rho corrisponde"), "{page}");
}

async fn post_file(browser: &mut Browser, pdf: &[u8]) -> reqwest::Response {
    let token = browser.cookies["sportello_csrf"].clone();
    let form = reqwest::multipart::Form::new().text("csrf", token).part("file", reqwest::multipart::Part::bytes(pdf.to_vec()).file_name("certificato.pdf"));
    let cookies = browser.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ");
    browser.client.post(format!("{}/certificati/verifica", browser.base_url)).header("cookie", cookies).multipart(form).send().await.unwrap()
}

on_both_databases!(ten_certificates_for_oneself_and_the_family_each_sealed);

#[tokio::test]
async fn the_seal_verifies_with_openssl_from_the_published_key_and_one_changed_byte_fails() {
    let server = TestServer::start(Backend::Sqlite).await;
    with_registry(&server).await;
    create_citizen(&server, MARIO, "Mario", false).await;
    let mut mario = log_in(&server, MARIO, false).await;
    let page = location(&request(&mut mario, "residenza", MARIO, &[("bollo", "esenzione"), ("esenzione", "7")]).await);
    let seal = seal_address(&pdf_of(&mut mario, &page).await);
    let parts: Vec<String> = query_value(&seal, "sigillo").split('.').map(str::to_string).collect();
    assert_eq!(parts.len(), 3, "id, digest, signature");
    let (status, public_key) = Browser::new(&server).get_text("/certificati/chiave-pubblica.pem").await;
    assert_eq!(status, 200);
    let folder = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = folder.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    use base64::Engine;
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&parts[2]).unwrap();
    let key = write("chiave.pem", public_key.as_bytes());
    let signature = write("firma.bin", &signature);
    let message = format!("SPORTELLO-RHO-CERTIFICATO-1|{}|{}", parts[0], parts[1]);
    let openssl_verifies = |message: &[u8]| {
        let data = write("messaggio.txt", message);
        let output = std::process::Command::new("openssl")
            .args(["pkeyutl", "-verify", "-pubin", "-rawin", "-inkey"])
            .arg(&key)
            .arg("-in")
            .arg(&data)
            .arg("-sigfile")
            .arg(&signature)
            .output()
            .expect("openssl (Debian's openssl) checks the seal independently");
        output.status.success()
    };
    assert!(openssl_verifies(message.as_bytes()), "openssl accepts the seal");
    let mut changed = message.clone().into_bytes();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert!(!openssl_verifies(&changed), "one changed byte fails");
    // Downloaded again: the same bytes. Six months later: expired, no more downloads.
    let (first, second) = (pdf_of(&mut mario, &page).await, pdf_of(&mut mario, &page).await);
    assert_eq!(first, second);
    let luca = fiscal_code_of(&server, "Luca").await;
    let birth = location(&request(&mut mario, "nascita", &luca, &[]).await);
    server.clock.advance(190 * 86_400);
    assert_eq!(mario.get(&format!("{}/certificato.pdf", page.split('?').next().unwrap())).await.status(), 404, "expired");
    let code = query_value(&seal, "codice");
    let (_, answer) = Browser::new(&server).get_text(&format!("/certificati/verifica?codice={code}")).await;
    assert!(answer.contains("Scaduto"), "{answer}");
    assert_eq!(mario.get(&format!("{}/certificato.pdf", birth.split('?').next().unwrap())).await.status(), 200, "a birth does not expire");
    // The digest in the seal is the canonical content's, as recorded.
    let recorded: String = sqlx::query_scalar("SELECT content_digest FROM certificates WHERE id = $1").bind(&parts[0]).fetch_one(server.pool()).await.unwrap();
    assert_eq!(recorded, parts[1]);
    server.stop().await;
}

async fn every_refusal_has_its_reason_and_strangers_are_not_found(server: &TestServer) {
    with_registry(server).await;
    create_citizen(server, MARIO, "Mario", false).await;
    let mut mario = log_in(server, MARIO, false).await;
    let (laura, luca, sofia, giuseppe) = (
        fiscal_code_of(server, "Laura").await,
        fiscal_code_of(server, "Luca").await,
        fiscal_code_of(server, "Sofia").await,
        fiscal_code_of(server, "Giuseppe").await,
    );
    let exempt = [("bollo", "esenzione"), ("esenzione", "7")];
    let refused = |response: reqwest::Response, reason: &'static str| async move {
        assert_eq!(response.status(), 422);
        let page = unescape(&response.text().await.unwrap());
        assert!(page.contains(reason) && page.contains("<title>Errore:"), "{reason}: {page}");
    };
    // Anyone outside the family unit: not found, not even "refused".
    let response = request(&mut mario, "residenza", "FRRNNA90E45F704T", &exempt).await;
    assert_eq!(response.status(), 404);
    let response = request(&mut mario, "residenza", "ZZZZZZ80A01F205X", &exempt).await;
    assert_eq!(response.status(), 404);
    refused(request(&mut mario, "residenza", &giuseppe, &exempt).await, "risulta deceduta").await;
    refused(request(&mut mario, "morte", MARIO, &[]).await, "solo per una persona deceduta").await;
    refused(request(&mut mario, "nascita", MARIO, &[]).await, "chiedi l'estratto al Comune di nascita").await;
    sqlx::query("UPDATE registry_people SET life_status = 'emigrato' WHERE fiscal_code = $1").bind(&luca).execute(server.pool()).await.unwrap();
    refused(request(&mut mario, "residenza", &luca, &exempt).await, "risulta emigrata").await;
    sqlx::query("UPDATE registry_people SET under_guardianship = 1 WHERE fiscal_code = $1").bind(&laura).execute(server.pool()).await.unwrap();
    refused(request(&mut mario, "esistenza-in-vita", &laura, &exempt).await, "tutela").await;
    sqlx::query("INSERT INTO registry_procedures (id, person_id, kind, started_on) SELECT 900000, id, 'cambio_di_residenza', '2026-12-01' FROM registry_people WHERE fiscal_code = $1")
        .bind(&sofia)
        .execute(server.pool())
        .await
        .unwrap();
    refused(request(&mut mario, "residenza", &sofia, &exempt).await, "pratica anagrafica").await;
    // Sofia is a minor: no political rights to certify.
    sqlx::query("DELETE FROM registry_procedures WHERE id = 900000").execute(server.pool()).await.unwrap();
    refused(request(&mut mario, "residenza-cittadinanza-diritti-politici", &sofia, &exempt).await, "diritti politici").await;
    sqlx::query("UPDATE registry_people SET citizenship = 'francese' WHERE fiscal_code = $1").bind(&sofia).execute(server.pool()).await.unwrap();
    refused(request(&mut mario, "cittadinanza-italiana", &sofia, &exempt).await, "non ha la cittadinanza italiana").await;
    // The form's own mistakes, with everything typed kept.
    refused(request(&mut mario, "residenza", MARIO, &[]).await, "Scegli se pagare l'imposta di bollo").await;
    refused(request(&mut mario, "residenza", MARIO, &[("bollo", "esenzione"), ("esenzione", "99")]).await, "con «altro» è obbligatorio").await;
    refused(request(&mut mario, "residenza", "", &exempt).await, "Scegli per chi è il certificato").await;
    let (status, _) = mario.get_text("/area-personale/certificati/nuovo/passaporto").await;
    assert_eq!(status, 404);
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificates").fetch_one(server.pool()).await.unwrap();
    assert_eq!(none, 0, "nothing issued");
    // Someone not in Rho's registry gets nothing, and is told where to go.
    create_citizen(server, "VRDLCU75C15F205E", "Luca", false).await;
    let mut stranger = log_in(server, "VRDLCU75C15F205E", false).await;
    let (_, page) = stranger.get_text("/area-personale/certificati/nuovo/residenza").await;
    assert!(unescape(&page).contains("Non risulti residente nell'anagrafe"), "{page}");
    refused(request(&mut stranger, "residenza", "VRDLCU75C15F205E", &exempt).await, "Non risulti residente").await;
    // Another citizen's certificate is not found.
    let page = location(&request(&mut mario, "residenza", MARIO, &exempt).await);
    let (status, _) = stranger.get_text(page.split('?').next().unwrap()).await;
    assert_eq!(status, 404);
    let response = stranger.get(&format!("{}/certificato.pdf", page.split('?').next().unwrap())).await;
    assert_eq!(response.status(), 404);
}

on_both_databases!(every_refusal_has_its_reason_and_strangers_are_not_found);

async fn with_stamp_duty_the_certificate_is_issued_once_paid_and_its_bytes_are_the_stamped_ones(server: &TestServer) {
    with_registry(server).await;
    create_citizen(server, MARIO, "Mario", false).await;
    let mut mario = log_in(server, MARIO, false).await;
    let response = request(&mut mario, "stato-di-famiglia", MARIO, &[("bollo", "bollo")]).await;
    assert_eq!(response.status(), 303);
    let page = location(&response);
    assert!(!page.contains("rilasciato"), "{page}");
    let (_, html) = mario.get_text(&page).await;
    assert!(html.contains("In attesa del pagamento") && html.contains("action=\"/area-personale/pagamenti/paga\""), "{html}");
    let id = page.rsplit('/').next().unwrap().to_string();
    let position: String = sqlx::query_scalar("SELECT stamp_position_id FROM certificates WHERE id = $1").bind(&id).fetch_one(server.pool()).await.unwrap();
    let response = mario.get(&format!("{page}/certificato.pdf")).await;
    assert_eq!(response.status(), 404, "not issued before the stamp is paid");
    let code: String = sqlx::query_scalar("SELECT verification_code FROM certificates WHERE id = $1").bind(&id).fetch_one(server.pool()).await.unwrap();
    let (_, answer) = Browser::new(server).get_text(&format!("/certificati/verifica?codice={code}")).await;
    assert!(answer.contains("Nessun certificato"), "unknown until issued: {answer}");

    // Abandoned: nothing issued. Paid: issued, the same bytes the stamp names.
    let checkout = location(&mario.post_form("/area-personale/pagamenti/paga", &[("avviso", &position)]).await);
    confirm_on_simulator(&checkout, "abbandonato", &[]).await;
    assert_eq!(mario.get(&format!("{page}/certificato.pdf")).await.status(), 404);
    let checkout = location(&mario.post_form("/area-personale/pagamenti/paga", &[("avviso", &position)]).await);
    let back = confirm_on_simulator(&checkout, "pagato", &[]).await;
    assert!(back.ends_with("?esito=ok"), "{back}");
    let pdf = pdf_of(&mut mario, &page).await;
    let stamped: String =
        sqlx::query_scalar("SELECT document_sha256 FROM payment_stamps WHERE position_id = $1").bind(&position).fetch_one(server.pool()).await.unwrap();
    use base64::Engine;
    use sha2::Digest;
    assert_eq!(stamped, base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&pdf)), "the stamp binds these very bytes");
    assert!(text_of_pdf(&pdf).contains("marca da bollo digitale"));
    let (_, answer) = Browser::new(server).get_text(&format!("/certificati/verifica?codice={code}")).await;
    assert!(answer.contains("Autentico"), "{answer}");
}

on_both_databases!(configured_with with_simulator; with_stamp_duty_the_certificate_is_issued_once_paid_and_its_bytes_are_the_stamped_ones);

async fn a_registry_clerk_revokes_a_certificate_with_a_reason_audited(server: &TestServer) {
    with_registry(server).await;
    create_citizen(server, MARIO, "Mario", false).await;
    let mut mario = log_in(server, MARIO, false).await;
    let page = location(&request(&mut mario, "residenza", MARIO, &[("bollo", "esenzione"), ("esenzione", "7")]).await);
    let id = page.split('?').next().unwrap().rsplit('/').next().unwrap().to_string();
    let code: String = sqlx::query_scalar("SELECT verification_code FROM certificates WHERE id = $1").bind(&id).fetch_one(server.pool()).await.unwrap();
    let registry_clerk = create_staff(server, "BNCGLI85M52F205H", &["anagrafe"]).await;
    create_staff(server, "GLLMRC78C10F205D", &["tributi"]).await;
    let mut clerk = log_in_staff(server, "BNCGLI85M52F205H").await;
    let (status, found) = clerk.get_text(&format!("/operatore/certificati?codice={code}")).await;
    assert_eq!(status, 200);
    assert!(found.contains("Mario Rossi") && found.contains("Revoca il certificato"), "{found}");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_looked_up' AND actor = $1")
        .bind(&registry_clerk)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let response = clerk.post_form("/operatore/certificati", &[("codice", &code), ("motivo_revoca", " ")]).await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("Scrivi il motivo della revoca"));
    let response = clerk.post_form("/operatore/certificati", &[("codice", &code), ("motivo_revoca", "Rilasciato per errore sull'indirizzo")]).await;
    assert_eq!(response.status(), 303);
    let (_, answer) = Browser::new(server).get_text(&format!("/certificati/verifica?codice={code}")).await;
    assert!(answer.contains("Revocato"), "{answer}");
    assert_eq!(mario.get(&format!("{}/certificato.pdf", page.split('?').next().unwrap())).await.status(), 404, "a revoked certificate is not downloaded");
    let revoked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_revoked'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(revoked, 1);
    // A clerk of another office finds nothing and revokes nothing.
    let mut other = log_in_staff(server, "GLLMRC78C10F205D").await;
    let (_, nothing) = other.get_text(&format!("/operatore/certificati?codice={code}")).await;
    assert!(nothing.contains("Nessun certificato con questo codice"), "{nothing}");
    let response = other.post_form("/operatore/certificati", &[("codice", &code), ("motivo_revoca", "prova")]).await;
    assert_eq!(response.status(), 404);
}

on_both_databases!(a_registry_clerk_revokes_a_certificate_with_a_reason_audited);

const STAFF_PASSWORD: &str = "cavallo batteria graffetta";
const STAFF_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

pub(crate) async fn create_staff(server: &TestServer, fiscal_code: &str, offices: &[&str]) -> String {
    let fiscal_code = app::auth::fiscal_code::FiscalCode::parse(fiscal_code).unwrap();
    let account = NewAccount {
        fiscal_code: &fiscal_code,
        given_name: "Giulia",
        family_name: "Bianchi",
        email: None,
        phone: None,
        role: app::auth::model::Role::Clerk,
        identity_source: "counter",
    };
    let id = insert_account(server.pool(), &account).await.unwrap().unwrap();
    let hash = server::auth::passwords::hash_password(STAFF_PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    set_totp_secret(server.pool(), &id, STAFF_SECRET, 0).await.unwrap();
    for office in offices {
        add_clerk_office(server.pool(), &id, office).await.unwrap();
    }
    id
}

pub(crate) async fn log_in_staff(server: &TestServer, fiscal_code: &str) -> Browser {
    let mut browser = Browser::new(server);
    let response = browser.post_form("/accedi/credenziali", &[("codice_fiscale", fiscal_code), ("password", STAFF_PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    server.clock.advance(30);
    let code = server::auth::totp::totp_code_at(STAFF_SECRET, server.clock.now_unix_seconds() as u64).unwrap();
    let response = browser.post_form("/accedi/codice", &[("codice", &code), ("ritorno", "/operatore")]).await;
    assert_eq!(response.status(), 303);
    browser
}

#[tokio::test]
async fn the_public_check_is_rate_limited_per_address() {
    let server = TestServer::start(Backend::Sqlite).await;
    let mut visitor = Browser::new(&server);
    for _ in 0..20 {
        let (status, _) = visitor.get_text("/certificati/verifica?codice=AAAA-BBBB-CCCC").await;
        assert_eq!(status, 200);
    }
    let (status, page) = visitor.get_text("/certificati/verifica?codice=AAAA-BBBB-CCCC").await;
    assert_eq!(status, 429);
    assert!(page.contains("Troppe verifiche"), "{page}");
    server.stop().await;
}
