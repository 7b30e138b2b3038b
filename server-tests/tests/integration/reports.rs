//! Citizen reports over real HTTP, without JavaScript: a report from the
//! form to its resolution (every mistake named, nothing typed lost; the
//! office's moves, each in the public history, audited and mailed; the
//! author's reopening within 30 days and not after), the nearby open
//! reports offered before filing and followed instead (and the public list
//! filtered by the hamlet they are in), and a clerk
//! registering a phone report with its photo and closing a duplicate.

use crate::certificates::{create_staff, log_in_staff};
use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use app::reports::model::{HouseNumber, ReportDescription, ReportPlace, ReportTitle};

const MARIO: &str = "RSSMRA80A01F205X";
const ANNA: &str = "FRRNNA90E45F704T";
const PUBLIC_WORKS_CLERK: &str = "BNCGLI85M52F205H";
const TAX_CLERK: &str = "GLLMRC78C10F205D";

fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", "\"")
}

/// Files a report straight into the store (fixtures for other suites).
pub async fn file_test_report(server: &TestServer, account_id: Option<&str>, category: &str, street: &str, house_number: &str) -> String {
    let categories = server::reports::store::categories(server.pool()).await.unwrap();
    let category = categories.iter().find(|known| known.code == category).unwrap();
    let place = ReportPlace { point: None, street: Some(street.to_string()), house_number: HouseNumber::parse(house_number), landmark: None };
    let report = server::reports::store::NewReport {
        category,
        account_id,
        reporter_name: None,
        reporter_contact: None,
        channel: app::reports::model::Channel::Portal,
        registered_by: None,
        title: &ReportTitle::parse("Buca profonda in carreggiata").unwrap(),
        description: &ReportDescription::parse("Una buca profonda davanti al civico, pericolosa per le biciclette.").unwrap(),
        place: &place,
        area: server.prepared().streets.area_of(&place),
        photos: &[],
        answers: &[],
        open311: None,
        now: server.clock.now_unix_seconds(),
    };
    server::reports::store::file_report(server.pool(), &report).await.unwrap().to_string()
}

async fn verify_email(server: &TestServer, account_id: &str, address: &str) {
    sqlx::query("UPDATE accounts SET email = $1, email_verified_at = 1 WHERE id = $2").bind(address).bind(account_id).execute(server.pool()).await.unwrap();
}

async fn mails_to(server: &TestServer, address: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT subject, body FROM outgoing_mail WHERE recipient = $1 ORDER BY id").bind(address).fetch_all(server.pool()).await.unwrap()
}

async fn audited(server: &TestServer, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1").bind(action).fetch_one(server.pool()).await.unwrap()
}

async fn a_report_goes_from_the_form_to_its_resolution(server: &TestServer) {
    let mario_id = create_citizen(server, MARIO, "Mario", false).await;
    verify_email(server, &mario_id, "mario.rossi@example.it").await;
    let mut mario = log_in(server, MARIO, false).await;
    let (status, form) = mario.get_text("/area-personale/segnalazioni/nuova").await;
    assert_eq!(status, 200);
    assert!(form.contains("Strade") && form.contains("via Madonna") && form.contains("name=\"latitudine\""), "{form}");

    // Every mistake at once, each named; what was typed comes back.
    let response = mario
        .post_form(
            "/area-personale/segnalazioni/nuova",
            &[("titolo", "Buca"), ("descrizione", "Una buca profonda e pericolosa"), ("latitudine", "41.9"), ("longitudine", "12.5")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    for message in [
        "Scegli di che cosa si tratta.",
        "Il titolo è troppo corto: usa almeno 5 caratteri.",
        "Il punto indicato è fuori dal territorio di Rho",
        "Conferma di aver letto l'informativa",
    ] {
        assert!(page.contains(message), "{message}: {page}");
    }
    assert!(page.contains("Una buca profonda e pericolosa") && page.contains("value=\"41.9\""), "typed values kept");
    let response = mario
        .post_form(
            "/area-personale/segnalazioni/nuova",
            &[("categoria", "strade"), ("titolo", "Buca in via Madonna"), ("descrizione", "Una buca profonda"), ("via", "via Roma"), ("privacy", "si")],
        )
        .await;
    assert!(unescape(&response.text().await.unwrap()).contains("Scegli la via dall'elenco delle vie di Rho"));
    let response = mario
        .post_form(
            "/area-personale/segnalazioni/nuova",
            &[("categoria", "strade"), ("titolo", "Buca in via Madonna"), ("descrizione", "Una buca profonda"), ("via", "via Madonna"), ("privacy", "si")],
        )
        .await;
    assert!(unescape(&response.text().await.unwrap()).contains("Aggiungi il numero civico o un riferimento"));

    // The category's extra questions are asked under it; each wrong answer is named, and kept.
    let (_, form) = mario.get_text("/area-personale/segnalazioni/nuova").await;
    let form = unescape(&form);
    assert!(form.contains("Qualche domanda in più su «Strade»") && form.contains("name=\"risposta-strade-larghezza-cm\""), "{form}");
    assert!(form.contains("Di che animale si tratta?") && form.contains("name=\"risposta-animali-animale\""), "{form}");
    let mut fields = vec![
        ("categoria", "strade"),
        ("titolo", "Buca in via Madonna"),
        ("descrizione", "Una buca profonda davanti al civico 12, pericolosa per chi va in bicicletta."),
        ("via", "via Madonna"),
        ("civico", "12"),
        ("latitudine", "45.5301"),
        ("longitudine", "9.0410"),
        ("privacy", "si"),
        // Another category's question: not this report's, ignored.
        ("risposta-animali-animale", "drago"),
    ];
    let wrong = [fields.clone(), vec![("risposta-strade-pericolo", "forse"), ("risposta-strade-larghezza-cm", "tanta")]].concat();
    let response = mario.post_form("/area-personale/segnalazioni/nuova", &wrong).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("Scegli una delle risposte a «È un pericolo immediato per chi passa?»."), "{page}");
    assert!(page.contains("scrivi un numero, per esempio 40") && page.contains("value=\"tanta\""), "{page}");
    assert!(!page.contains("Di che animale si tratta?»"), "another category's answer is not checked: {page}");
    assert_eq!(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM reports").fetch_one(server.pool()).await.unwrap(), 0);
    fields.extend([("risposta-strade-pericolo", "si"), ("risposta-strade-larghezza-cm", "40")]);
    let response = mario.post_form("/area-personale/segnalazioni/nuova", &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let year = app::practices::calendar::rome_date_of_unix_seconds(server.clock.now_unix_seconds()).year();
    let number = format!("{year}-000001");
    assert_eq!(location(&response), format!("/area-personale/segnalazioni?inviata={number}"));
    let (_, mine) = mario.get_text(&location(&response)).await;
    assert!(mine.contains(&number) && mine.contains("Buca in via Madonna") && mine.contains("fatta da te"), "{mine}");

    // Public: the list and the page, never the reporter's name.
    let mut visitor = Browser::new(server);
    let (status, list) = visitor.get_text("/segnalazioni?categoria=strade&stato=ricevuta").await;
    assert_eq!(status, 200);
    assert!(list.contains("Buca in via Madonna") && list.contains("Segnalazioni trovate: 1"), "{list}");
    let (_, none) = visitor.get_text("/segnalazioni?categoria=animali").await;
    assert!(none.contains("Segnalazioni trovate: 0"), "{none}");
    let (status, public) = visitor.get_text(&format!("/segnalazioni/{number}")).await;
    assert_eq!(status, 200);
    assert!(public.contains("via Madonna 12") && public.contains("45.530100, 9.041000") && public.contains("Ricevuta"), "{public}");
    assert!(!public.contains("Mario") && !public.contains("Rossi") && !public.contains(MARIO), "no personal data: {public}");
    assert_eq!(visitor.get(&format!("/segnalazioni/{year}-999999")).await.status(), 404);
    // The Atom feed: well-formed, the report with its address and dates, no name.
    let response = visitor.get("/segnalazioni.atom").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let feed = response.text().await.unwrap();
    xml_well_formed(&feed).unwrap();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"") && feed.contains("<title>Buca in via Madonna</title>"), "{feed}");
    assert!(feed.contains(&format!("/segnalazioni/{number}</id>")) && feed.contains("<category term=\"strade\" label=\"Strade\"/>"), "{feed}");
    assert_eq!(feed.matches("<published>").count(), 1);
    assert!(feed.contains(&format!("<updated>{year}-")) && feed.contains(":00</updated>"), "RFC 3339 with the offset: {feed}");
    assert!(!feed.contains("Mario") && !feed.contains(MARIO));

    // The office: its inbox, the report (audited), every move in the history.
    let clerk_id = create_staff(server, PUBLIC_WORKS_CLERK, &["lavori-pubblici"]).await;
    create_staff(server, TAX_CLERK, &["tributi"]).await;
    let mut clerk = log_in_staff(server, PUBLIC_WORKS_CLERK).await;
    let (_, inbox) = clerk.get_text("/operatore/segnalazioni").await;
    assert!(inbox.contains(&number) && inbox.contains("Buca in via Madonna"), "{inbox}");
    let clerk_page = format!("/operatore/segnalazioni/{number}");
    let (_, report) = clerk.get_text(&clerk_page).await;
    assert!(report.contains("Mario Rossi") && report.contains("Prendi in carico"), "{report}");
    let answers: Vec<(String, String)> = sqlx::query_as("SELECT question_code, value FROM report_answers WHERE report_number = $1 ORDER BY question_code")
        .bind(&number)
        .fetch_all(server.pool())
        .await
        .unwrap();
    assert_eq!(answers, [("larghezza-cm".to_string(), "40".to_string()), ("pericolo".to_string(), "si".to_string())], "only this category's answers");
    assert!(unescape(&report).contains("È un pericolo immediato per chi passa?"), "the office reads the answers: {report}");
    assert_eq!(audited(server, "report_opened").await, 1);
    let mut tax_clerk = log_in_staff(server, TAX_CLERK).await;
    assert_eq!(tax_clerk.get(&clerk_page).await.status(), 404, "another office's report is not found");
    let (_, other_inbox) = tax_clerk.get_text("/operatore/segnalazioni").await;
    assert!(!other_inbox.contains(&number));
    assert_eq!(tax_clerk.post_form(&clerk_page, &[("azione", "prendi-in-carico")]).await.status(), 404);

    assert_eq!(clerk.post_form(&clerk_page, &[("azione", "prendi-in-carico")]).await.status(), 303);
    assert_eq!(clerk.post_form(&clerk_page, &[("azione", "avvia-lavori")]).await.status(), 303);
    let response = clerk.post_form(&clerk_page, &[("azione", "risolvi")]).await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("Scrivi la risposta pubblica"));
    let response = clerk.post_form(&clerk_page, &[("azione", "prendi-in-carico")]).await;
    assert_eq!(response.status(), 409, "a move its state does not allow");
    let reply = "Buca chiusa con asfalto a freddo il giorno stesso.";
    assert_eq!(clerk.post_form(&clerk_page, &[("azione", "risolvi"), ("nota", reply)]).await.status(), 303);
    assert_eq!(audited(server, "report_moved").await, 3);
    let moved_by: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM report_events WHERE actor_account_id = $1").bind(&clerk_id).fetch_one(server.pool()).await.unwrap();
    assert_eq!(moved_by, 3, "each move is attributed");
    let (_, public) = visitor.get_text(&format!("/segnalazioni/{number}")).await;
    for step in ["Ricevuta", "Presa in carico", "In lavorazione", "Risolta", reply] {
        assert!(public.contains(step), "{step}: {public}");
    }
    let mails = mails_to(server, "mario.rossi@example.it").await;
    assert_eq!(mails.len(), 4, "filed, taken in charge, in progress, resolved: {mails:?}");
    assert!(mails[3].0.contains(&number) && mails[3].0.contains("Risolta") && mails[3].1.contains(reply), "{mails:?}");

    // The author reopens within 30 days, with a reason; not after.
    let own_page = format!("/area-personale/segnalazioni/{number}");
    let (_, own) = mario.get_text(&own_page).await;
    assert!(own.contains("Il problema non è risolto?"), "{own}");
    let response = mario.post_form(&own_page, &[("azione", "riapri"), ("nota", " ")]).await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("Scrivi perché il problema non è risolto"));
    server.clock.advance(29 * 86_400);
    let response = mario.post_form(&own_page, &[("azione", "riapri"), ("nota", "La buca si è riaperta dopo la pioggia.")]).await;
    assert_eq!(response.status(), 303);
    let (_, public) = visitor.get_text(&format!("/segnalazioni/{number}")).await;
    assert!(public.contains("La buca si è riaperta dopo la pioggia.") && public.contains("da chi ha segnalato"), "{public}");
    assert_eq!(clerk.post_form(&clerk_page, &[("azione", "risolvi"), ("nota", "Rifatto il tratto di asfalto.")]).await.status(), 303);
    server.clock.advance(31 * 86_400);
    let (_, own) = mario.get_text(&own_page).await;
    assert!(!own.contains("Il problema non è risolto?"), "the offer ends after 30 days");
    let response = mario.post_form(&own_page, &[("azione", "riapri"), ("nota", "Di nuovo.")]).await;
    assert_eq!(response.status(), 409);
    assert!(unescape(&response.text().await.unwrap()).contains("Sono passati più di 30 giorni dalla risoluzione"));
}

on_both_databases!(a_report_goes_from_the_form_to_its_resolution);

async fn open_reports_nearby_are_offered_before_filing_and_may_be_followed(server: &TestServer) {
    let anna_id = create_citizen(server, ANNA, "Anna", false).await;
    let earlier = file_test_report(server, Some(&anna_id), "strade", "via Madonna", "10").await;
    file_test_report(server, Some(&anna_id), "verde-pubblico", "via Madonna", "10").await;
    create_citizen(server, MARIO, "Mario", false).await;
    let mut mario = log_in(server, MARIO, false).await;
    let fields = [
        ("categoria", "strade"),
        ("titolo", "Buca in via Madonna"),
        ("descrizione", "Una buca profonda in mezzo alla strada."),
        ("via", "via Madonna"),
        ("civico", "14"),
        ("privacy", "si"),
    ];
    // Same category, same street: "is it one of these?", with the form kept.
    let response = mario.post_form("/area-personale/segnalazioni/nuova", &fields).await;
    assert_eq!(response.status(), 200);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("È una di queste?") && page.contains(&format!("/area-personale/segnalazioni/{earlier}/segui")), "{page}");
    assert!(page.contains("Una buca profonda in mezzo alla strada.") && page.contains("name=\"vicine_viste\""), "{page}");
    assert!(page.contains("Invia comunque la mia segnalazione"));
    let filed_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports").fetch_one(server.pool()).await.unwrap();
    assert_eq!(filed_before, 2, "nothing filed yet");

    // Following it instead.
    let response = mario.post_form(&format!("/area-personale/segnalazioni/{earlier}/segui"), &[]).await;
    assert_eq!(response.status(), 303);
    let (_, mine) = mario.get_text(&location(&response)).await;
    assert!(mine.contains(&earlier) && mine.contains("seguita"), "{mine}");
    let (status, followed) = mario.get_text(&format!("/area-personale/segnalazioni/{earlier}")).await;
    assert_eq!(status, 200);
    assert!(!followed.contains("Il problema non è risolto?"), "a follower does not reopen");

    // Or sending anyway, once the nearby ones were shown.
    let mut anyway = fields.to_vec();
    anyway.push(("vicine_viste", "1"));
    assert_eq!(mario.post_form("/area-personale/segnalazioni/nuova", &anyway).await.status(), 303);
    // Far away (another point, no street), nothing is offered.
    let far = [
        ("categoria", "strade"),
        ("titolo", "Tombino rotto"),
        ("descrizione", "Un tombino rotto sul bordo della strada."),
        ("latitudine", "45.5500"),
        ("longitudine", "9.0100"),
        ("privacy", "si"),
    ];
    assert_eq!(mario.post_form("/area-personale/segnalazioni/nuova", &far).await.status(), 303);

    // The public list filters by hamlet: a street's, or the one nearest a point.
    let (_, biringhello) = server.get_text("/segnalazioni?zona=Biringhello").await;
    assert!(biringhello.contains("Tombino rotto") && !biringhello.contains("Buca in via Madonna"), "{biringhello}");
    assert!(biringhello.contains("Segnalazioni trovate: 1"), "{biringhello}");
    let chosen = biringhello.split("<option").find(|tag| tag.contains(r#"value="Biringhello""#)).unwrap().split('>').next().unwrap();
    assert!(chosen.contains("selected"), "the filter keeps its choice: {chosen}");
    let (_, rho) = server.get_text("/segnalazioni?zona=Rho&categoria=strade").await;
    assert!(rho.contains("Buca in via Madonna") && !rho.contains("Tombino rotto"), "{rho}");
    assert!(rho.contains("Segnalazioni trovate: 2"), "Anna's and Mario's: {rho}");
    let (_, nowhere) = server.get_text("/segnalazioni?zona=Mazzo").await;
    assert!(nowhere.contains("Segnalazioni trovate: 0"), "{nowhere}");
    let far_number: String = sqlx::query_scalar("SELECT number FROM reports WHERE title = 'Tombino rotto'").fetch_one(server.pool()).await.unwrap();
    let (_, page) = server.get_text(&format!("/segnalazioni/{far_number}")).await;
    assert!(page.contains("Zona (frazione)") && page.contains("Biringhello"), "{page}");

    // A report filed before areas existed gets its own when the server starts again.
    sqlx::query("UPDATE reports SET area = NULL").execute(server.pool()).await.unwrap();
    server::reports::store::assign_missing_areas(server.pool(), &server.prepared().streets).await.unwrap();
    let areas: Vec<(String, String)> =
        sqlx::query_as("SELECT title, area FROM reports WHERE area IS NOT NULL ORDER BY title").fetch_all(server.pool()).await.unwrap();
    assert_eq!(areas.len(), 4, "{areas:?}");
    assert!(areas.contains(&("Tombino rotto".to_string(), "Biringhello".to_string())), "{areas:?}");
}

on_both_databases!(open_reports_nearby_are_offered_before_filing_and_may_be_followed);

#[tokio::test]
async fn a_clerk_registers_a_phone_report_and_closes_a_duplicate() {
    let server = TestServer::start(Backend::Sqlite).await;
    let mario_id = create_citizen(&server, MARIO, "Mario", false).await;
    let anna_id = create_citizen(&server, ANNA, "Anna", false).await;
    create_staff(&server, PUBLIC_WORKS_CLERK, &["lavori-pubblici"]).await;
    let mut clerk = log_in_staff(&server, PUBLIC_WORKS_CLERK).await;
    let (status, form) = clerk.get_text("/operatore/segnalazioni/nuova").await;
    assert_eq!(status, 200);
    assert!(form.contains("Telefono") && form.contains("Allo sportello"), "{form}");
    let mut fields = vec![
        ("categoria", "servizi-pubblici"),
        ("titolo", "Lampione spento"),
        ("descrizione", "Il lampione all'incrocio è spento da tre sere."),
        ("via", "via Meda"),
        ("riferimento", "incrocio con via Cadorna"),
        ("privacy", "si"),
        ("vicine_viste", "1"),
        ("nome_segnalante", "Mario Rossi"),
        ("codice_fiscale_segnalante", "RSSMRA80A01F205Y"),
    ];
    let response = clerk.post_form("/operatore/segnalazioni/nuova", &fields).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("Scegli come è arrivata la segnalazione.") && page.contains("Il codice fiscale non è valido"), "{page}");
    assert!(page.contains("Il lampione all'incrocio è spento da tre sere."), "typed values kept");
    fields.push(("canale", "telefono"));
    fields.retain(|(name, _)| *name != "codice_fiscale_segnalante");
    fields.push(("codice_fiscale_segnalante", MARIO));
    // The photo Mario sent by email goes with it, cleaned like a citizen's.
    let photo = jpeg_with_gps(1200, 900);
    let response = clerk.post_multipart("/operatore/segnalazioni/nuova", &fields, &[("foto", "lampione.jpg", photo)]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let number = location(&response).split("registrata=").nth(1).unwrap().to_string();
    let stored: Vec<u8> = sqlx::query_scalar("SELECT jpeg FROM report_photos WHERE report_number = $1").bind(&number).fetch_one(server.pool()).await.unwrap();
    assert_eq!(gps_latitude(&stored), None, "no GPS position survives");
    let (channel, registered_by): (String, Option<String>) =
        sqlx::query_as("SELECT channel, registered_by FROM reports WHERE number = $1").bind(&number).fetch_one(server.pool()).await.unwrap();
    assert_eq!(channel, "telefono");
    assert!(registered_by.is_some());
    assert_eq!(audited(&server, "report_registered").await, 1);
    let mut mario = log_in(&server, MARIO, false).await;
    let (_, mine) = mario.get_text("/area-personale/segnalazioni").await;
    assert!(mine.contains("Lampione spento"), "the citizen finds it: {mine}");
    let (_, report) = clerk.get_text(&format!("/operatore/segnalazioni/{number}")).await;
    assert!(report.contains("Telefono"), "{report}");
    assert!(unescape(&report).contains("Foto 1 della segnalazione «Lampione spento»"), "{report}");

    // Anna's report of the same lamp is closed as its duplicate: she follows the original.
    let duplicate = file_test_report(&server, Some(&anna_id), "servizi-pubblici", "via Meda", "3").await;
    let page = format!("/operatore/segnalazioni/{duplicate}");
    let response = clerk.post_form(&page, &[("azione", "chiudi-duplicata"), ("originale", &duplicate)]).await;
    assert_eq!(response.status(), 409);
    assert!(unescape(&response.text().await.unwrap()).contains("Scrivi il numero della segnalazione originale"));
    let response = clerk.post_form(&page, &[("azione", "chiudi-duplicata"), ("originale", &number)]).await;
    assert_eq!(response.status(), 303);
    let (_, public) = Browser::new(&server).get_text(&format!("/segnalazioni/{duplicate}")).await;
    assert!(public.contains("Chiusa: già segnalata") && public.contains(&format!("href=\"/segnalazioni/{number}\"")), "{public}");
    let followers: Vec<String> =
        sqlx::query_scalar("SELECT account_id FROM report_followers WHERE report_number = $1").bind(&number).fetch_all(server.pool()).await.unwrap();
    assert_eq!(followers, vec![anna_id.clone()]);
    assert_ne!(anna_id, mario_id);
    server.stop().await;
}

#[tokio::test]
async fn an_administrator_adds_and_deactivates_categories_without_a_code_change() {
    let server = TestServer::start(Backend::Sqlite).await;
    let admin = create_staff(&server, "VRDLCU75C15F205E", &[]).await;
    sqlx::query("UPDATE accounts SET role = 'administrator' WHERE id = $1").bind(&admin).execute(server.pool()).await.unwrap();
    let mut administrator = log_in_staff(&server, "VRDLCU75C15F205E").await;
    let (status, page) = administrator.get_text("/amministrazione/segnalazioni").await;
    assert_eq!(status, 200);
    for name in ["Strade", "Marciapiedi", "Verde pubblico", "Degrado urbano", "Segnaletica", "Servizi pubblici", "Edifici pubblici", "Animali"] {
        assert!(page.contains(name), "the charter's eight: {name}");
    }
    let mut fields = vec![
        ("codice", "Rifiuti abbandonati"),
        ("nome_it", "Rifiuti abbandonati"),
        ("nome_en", "Dumped waste"),
        ("descrizione_it", "Sacchi, ingombranti e macerie lasciati in strada."),
        ("descrizione_en", "Bags, bulky items and rubble left in the street."),
        ("ufficio", "nessuno"),
        ("posizione", "9"),
        ("attiva", "si"),
    ];
    let response = administrator.post_form("/amministrazione/segnalazioni", &fields).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("Scrivi un codice di 2-40 lettere minuscole") && page.contains("Scegli l'ufficio che risponde"), "{page}");
    assert!(page.contains("Dumped waste"), "typed values kept");
    fields[0] = ("codice", "rifiuti-abbandonati");
    fields[5] = ("ufficio", "ambiente");
    assert_eq!(administrator.post_form("/amministrazione/segnalazioni", &fields).await.status(), 303);
    // Animals go: no longer offered, their reports stay.
    let animals = file_test_report(&server, None, "animali", "via Meda", "1").await;
    let edit = [
        ("codice", "animali"),
        ("nome_it", "Animali"),
        ("nome_en", "Animals"),
        ("descrizione_it", ""),
        ("descrizione_en", ""),
        ("ufficio", "ambiente"),
        ("posizione", "8"),
    ];
    assert_eq!(administrator.post_form("/amministrazione/segnalazioni", &edit).await.status(), 303);
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'report_category_saved'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(saved, 2);
    create_citizen(&server, MARIO, "Mario", false).await;
    let mut mario = log_in(&server, MARIO, false).await;
    let (_, form) = mario.get_text("/area-personale/segnalazioni/nuova").await;
    assert!(form.contains("value=\"rifiuti-abbandonati\"") && form.contains("Rifiuti abbandonati"), "{form}");
    assert!(!form.contains("value=\"animali\""), "a deactivated category is not offered");
    let response = mario
        .post_form(
            "/area-personale/segnalazioni/nuova",
            &[
                ("categoria", "animali"),
                ("titolo", "Cane randagio"),
                ("descrizione", "Un cane randagio al parco."),
                ("via", "via Meda"),
                ("civico", "2"),
                ("privacy", "si"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422, "nor accepted");
    let (status, _) = Browser::new(&server).get_text(&format!("/segnalazioni/{animals}")).await;
    assert_eq!(status, 200);
    server.stop().await;
}

/// A JPEG of `width`×`height` carrying an EXIF block with a GPS position
/// (Rho's town hall), as a phone's camera writes one.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&pixels).unwrap();
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [tag.to_le_bytes().to_vec(), kind.to_le_bytes().to_vec(), count.to_le_bytes().to_vec(), value.to_le_bytes().to_vec()].concat()
    };
    // TIFF, little-endian: IFD0 (at 8) points to the GPS IFD (at 26), whose rationals start at 80.
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(entry(0x8825, 4, 1, 26));
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, 5, 3, 80));
    tiff.extend(entry(0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0")));
    tiff.extend(entry(0x0004, 5, 3, 104));
    tiff.extend(0u32.to_le_bytes());
    for (numerator, denominator) in [(45u32, 1u32), (31, 1), (4692, 100), (9, 1), (2, 1), (2472, 100)] {
        tiff.extend(numerator.to_le_bytes());
        tiff.extend(denominator.to_le_bytes());
    }
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    [jpeg[..2].to_vec(), segment, jpeg[2..].to_vec()].concat()
}

fn gps_latitude(jpeg: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(jpeg)).ok()?;
    exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).map(|field| field.display_value().to_string())
}

async fn photos_lose_every_metadata_block_and_a_renamed_file_is_refused(server: &TestServer) {
    create_citizen(server, MARIO, "Mario", false).await;
    let mut mario = log_in(server, MARIO, false).await;
    let original = jpeg_with_gps(2400, 1200);
    assert!(gps_latitude(&original).is_some(), "the fixture carries a GPS position");
    let fields = [
        ("categoria", "degrado"),
        ("titolo", "Rifiuti abbandonati al parco"),
        ("descrizione", "Sacchi di rifiuti lasciati vicino alle panchine."),
        ("via", "via Pomè"),
        ("riferimento", "ingresso del parco"),
        ("privacy", "si"),
    ];
    // A text file named .jpg: refused by its bytes, with its name; the typed fields and the real photo are kept.
    let response = mario
        .post_multipart(
            "/area-personale/segnalazioni/nuova",
            &fields,
            &[("foto", "parco.jpg", original.clone()), ("foto", "rifiuti.jpg", b"questo non e' un'immagine".to_vec())],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("«rifiuti.jpg» non è una foto: scegli un'immagine JPEG, PNG o WebP."), "{page}");
    assert!(page.contains("Foto già caricate con questo modulo: 1.") && page.contains("Sacchi di rifiuti lasciati vicino alle panchine."), "{page}");
    // (Attributes come in any order: the tag is found first.)
    let tag = page.split("<input").find(|tag| tag.split('>').next().unwrap_or_default().contains("name=\"foto_caricate\"")).unwrap_or_default();
    let pending = tag.split("value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_string();
    assert_eq!(pending.len(), 36, "{page}");
    let mut again = fields.to_vec();
    again.push(("foto_caricate", &pending));
    let response = mario.post_multipart("/area-personale/segnalazioni/nuova", &again, &[]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let number = location(&response).split("inviata=").nth(1).unwrap().to_string();

    // Stored and served without EXIF, resized, upright JPEG; unpublished: the author sees it, nobody else.
    let stored: Vec<u8> = sqlx::query_scalar("SELECT jpeg FROM report_photos WHERE report_number = $1").bind(&number).fetch_one(server.pool()).await.unwrap();
    assert_eq!(gps_latitude(&stored), None);
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&stored)).is_err(), "no EXIF block at all");
    let size = image::load_from_memory(&stored).unwrap();
    assert_eq!((size.width(), size.height()), (1600, 800));
    let (_, own) = mario.get_text(&format!("/area-personale/segnalazioni/{number}")).await;
    let source = own.split("<img").nth(1).and_then(|tag| tag.split("src=\"").nth(1)).and_then(|rest| rest.split('"').next()).unwrap().to_string();
    assert!(source.starts_with(&format!("/segnalazioni/{number}/foto/")), "{own}");
    let served = mario.get(&source).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    let served = served.bytes().await.unwrap().to_vec();
    assert_eq!(gps_latitude(&served), None);
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&served)).is_err());
    let mut visitor = Browser::new(server);
    assert_eq!(visitor.get(&source).await.status(), 404, "unpublished: nobody else");
    let (_, public) = visitor.get_text(&format!("/segnalazioni/{number}")).await;
    assert!(!public.contains("<img"), "{public}");

    // The office's clerk sees it (audited) and publishes it: then anyone does.
    create_staff(server, PUBLIC_WORKS_CLERK, &["ambiente"]).await;
    let mut clerk = log_in_staff(server, PUBLIC_WORKS_CLERK).await;
    assert_eq!(clerk.get(&source).await.status(), 200);
    assert_eq!(audited(server, "report_photo_viewed").await, 1);
    let photo = source.rsplit('/').next().unwrap();
    let response = clerk.post_form(&format!("/operatore/segnalazioni/{number}/foto/{photo}"), &[("pubblica", "si")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(audited(server, "report_photo_published").await, 1);
    assert_eq!(visitor.get(&source).await.status(), 200);
    let (_, public) = visitor.get_text(&format!("/segnalazioni/{number}")).await;
    assert!(public.contains(&format!("src=\"{source}\"")) && public.contains("Foto 1 della segnalazione"), "{public}");
}

on_both_databases!(photos_lose_every_metadata_block_and_a_renamed_file_is_refused);

#[tokio::test]
async fn the_maps_come_from_this_origin_and_their_tiles_from_the_configured_server_only() {
    // OpenStreetMap's tiles by default: the form's page allows exactly that host's images.
    let server = TestServer::start(Backend::Sqlite).await;
    create_citizen(&server, ANNA, "Anna", false).await;
    let mut anna = log_in(&server, ANNA, false).await;
    let response = anna.get("/area-personale/segnalazioni/nuova").await;
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(policy.contains("img-src 'self' data: https://tile.openstreetmap.org;"), "{policy}");
    let page = unescape(&response.text().await.unwrap());
    let map = page.split("<div").find(|tag| tag.contains("data-map=\"choose\"")).unwrap().split('>').next().unwrap().to_string();
    for attribute in
        ["data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"", "hidden", "data-latitude-field=\"latitudine\"", "© OpenStreetMap contributors"]
    {
        assert!(map.contains(attribute), "{attribute}: {map}");
    }
    assert!(page.contains("src=\"/vendor/leaflet/leaflet.js\"") && page.contains("src=\"/map.js\""), "{page}");
    // Leaflet and the maps' script from this origin, cached like the site's other scripts.
    for (path, kind) in [("/map.js", "javascript"), ("/vendor/leaflet/leaflet.js", "javascript"), ("/vendor/leaflet/leaflet.css", "text/css")] {
        let response = anna.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().contains(kind), "{path}");
        assert_eq!(response.headers()["cache-control"], "public, max-age=3600, must-revalidate");
    }
    assert_eq!(anna.get("/vendor/leaflet/images/marker-icon.png").await.status(), 200);
    // The public list draws the reports that have a point.
    let number = file_test_report(&server, None, "strade", "via Madonna", "4").await;
    sqlx::query("UPDATE reports SET latitude_e6 = 45530100, longitude_e6 = 9041000 WHERE number = $1").bind(&number).execute(server.pool()).await.unwrap();
    let (_, list) = Browser::new(&server).get_text("/segnalazioni").await;
    assert!(list.contains("data-map=\"show\""), "{list}");
    let item = list.split("<li").find(|item| item.contains("data-report-point")).unwrap().split('>').next().unwrap().to_string();
    assert!(item.contains("data-lat=\"45.530100\"") && item.contains("data-lon=\"9.041000\"") && item.contains(&format!("/segnalazioni/{number}")), "{item}");
    server.stop().await;

    // Another tile server: its host, and no other, in the pages' CSP.
    let server = TestServer::start_with(Backend::Sqlite, |config| {
        config.map = server::config::Config::from_variables(|name| match name {
            "SPORTELLO_MAP_TILES" => Some("https://{s}.tiles.example.org/base/{z}/{x}/{y}.png".into()),
            "SPORTELLO_MAP_ATTRIBUTION" => Some("© Esempio".into()),
            _ => None,
        })
        .unwrap()
        .map
    })
    .await;
    let response = server.get("/segnalazioni").await;
    let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(
        policy.contains("img-src 'self' data: https://a.tiles.example.org https://b.tiles.example.org https://c.tiles.example.org;")
            && !policy.contains("openstreetmap"),
        "{policy}"
    );
    server.stop().await;
    // A tile server that is not an https address of tiles is refused at start, named.
    for wrong in ["http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png", "tiles"] {
        let error = server::config::Config::from_variables(|name| (name == "SPORTELLO_MAP_TILES").then(|| wrong.to_string())).err().unwrap().to_string();
        assert!(error.contains("SPORTELLO_MAP_TILES"), "{wrong}: {error}");
    }
}
