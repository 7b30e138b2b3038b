//! The citizens' booking over HTTP, as a browser without JavaScript does it,
//! on SQLite and PostgreSQL: from a service sheet's button to the
//! confirmation (a mistake names its field and keeps what was typed; a
//! double submit books once and mails once), the mail's link that moves the
//! booking (a "moved" mail only when the time changed) and cancels it, ten
//! people posting one slot at once, an abandoned hold that expires, and a
//! clerk registering a booking for someone who phoned.

use crate::support::*;

/// Friday 15 January 2027, 10:00 in Rome.
const NOW: i64 = 1_800_003_600;
const REGISTRY: &str = "Servizi Demografici – Ufficio Anagrafe";
const ID_CARD: &str = "carta-identita-elettronica";

fn day_page(office: &str, service: &str, day: &str) -> String {
    format!("/prenota-appuntamento/giorno?ufficio={office}&servizio={service}&mese={}&giorno={day}", &day[..7])
}

/// Holds a slot as the day page's form posts it: the step it leads to, or the status.
async fn hold(browser: &mut Browser, office: &str, service: &str, day: &str, slot: &str) -> Result<String, (u16, String)> {
    let response = browser.post_form(&day_page(office, service, day), &[("ufficio", office), ("servizio", service), ("giorno", day), ("orario", slot)]).await;
    if response.status() == 303 {
        Ok(location(&response))
    } else {
        let status = response.status().as_u16();
        Err((status, without_text_markers(response.text().await.unwrap())))
    }
}

fn key_of(step: &str) -> String {
    step.trim_start_matches("/prenota-appuntamento/").split('/').next().unwrap().to_string()
}

/// The whole flow after the hold: details, applicant, summary; the booking's key.
async fn book(browser: &mut Browser, day: &str, slot: &str, email: &str) -> String {
    let step = hold(browser, "anagrafe", ID_CARD, day, slot).await.expect("held");
    let key = key_of(&step);
    let base = format!("/prenota-appuntamento/{key}");
    assert_eq!(location(&browser.post_form(&format!("{base}/dettagli"), &[("dettagli", "")]).await), format!("{base}/richiedente"));
    let applicant = [("nome", "Maria Rossi"), ("email", email), ("telefono", "")];
    assert_eq!(location(&browser.post_form(&format!("{base}/richiedente"), &applicant).await), format!("{base}/riepilogo"));
    assert_eq!(location(&browser.post_form(&format!("{base}/riepilogo"), &[]).await), format!("/appuntamenti/{key}?prenotato=1"));
    key
}

async fn mails(server: &TestServer) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT recipient, subject, body FROM outgoing_mail ORDER BY created_at, id").fetch_all(server.pool()).await.unwrap()
}

fn calendar_property(file: &str, name: &str) -> Option<String> {
    let calendars: Vec<_> = ical::IcalParser::new(file.as_bytes()).collect::<Result<_, _>>().expect("a calendar a calendar program reads");
    let event = &calendars[0].events[0];
    event.properties.iter().find(|property| property.name == name).and_then(|property| property.value.clone())
}

async fn a_citizen_books_from_a_service_sheet_to_the_confirmation(server: &TestServer) {
    server.clock.set_now(NOW);
    let mut citizen = Browser::new(server);
    let (_, sheet) = citizen.get_text("/servizi/carta-identita-elettronica").await;
    assert!(sheet.contains(r#"href="/prenota-appuntamento?servizio=carta-identita-elettronica" data-element="service-booking-access""#), "{sheet}");
    assert!(sheet.contains(r#"href="/prenota-appuntamento" data-element="appointment-booking""#), "the footer's booking link");

    // The sheet's office only, preselected, with its reasons.
    let (status, start) = citizen.get_text("/prenota-appuntamento?servizio=carta-identita-elettronica").await;
    assert_eq!(status, 200);
    assert!(start.contains(REGISTRY) && start.contains(r#"name="ufficio" value="anagrafe""#), "{start}");
    assert!(start.contains(r#"value="carta-identita-elettronica" selected"#), "the sheet's service preselected: {start}");
    assert!(!start.contains("value=\"tributi\"") && !start.contains("Scegli un altro ufficio"), "only the competent office");

    // Free days only, the first not before the notice; a day's free slots.
    let (_, month) = citizen.get_text("/prenota-appuntamento/giorno?ufficio=anagrafe&servizio=carta-identita-elettronica").await;
    assert!(month.contains("Giorni disponibili di gennaio 2027") && month.contains("venerdì 15 gennaio 2027"), "{month}");
    assert!(!month.contains("sabato 16 gennaio") || month.contains("giorno=2027-01-16"), "Saturday mornings are open");
    assert!(!month.contains("domenica 17 gennaio 2027"), "closed on Sundays");
    let (_, today) = citizen.get_text(&day_page("anagrafe", ID_CARD, "2027-01-15")).await;
    assert!(today.contains(r#"value="12:10""#) && !today.contains(r#"value="11:50""#), "two hours' notice: {today}");
    let (_, monday) = citizen.get_text(&day_page("anagrafe", ID_CARD, "2027-01-18")).await;
    assert!(monday.contains(r#"value="08:30""#) && monday.contains(r#"value="12:10""#) && !monday.contains(r#"value="09:00""#), "20-minute slots");

    // No slot chosen: said, nothing held.
    let (status, page) = hold(&mut citizen, "anagrafe", ID_CARD, "2027-01-18", "").await.unwrap_err();
    assert_eq!(status, 422);
    assert!(page.contains("Scegli un orario tra quelli liberi."), "{page}");
    let step = hold(&mut citizen, "anagrafe", ID_CARD, "2027-01-18", "08:30").await.expect("held");
    assert!(step.ends_with("/dettagli"), "{step}");
    let key = key_of(&step);
    assert_eq!(key.len(), 64);
    let base = format!("/prenota-appuntamento/{key}");
    let (status, details) = citizen.get_text(&step).await;
    assert_eq!(status, 200);
    assert!(details.contains("fino alle 10:15") && details.contains("lunedì 18 gennaio 2027") && details.contains("alle 08:30 (20 minuti)"), "{details}");

    let too_long = "a".repeat(1001);
    let response = citizen.post_form(&step, &[("dettagli", &too_long)]).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("I dettagli possono avere al massimo 1000 caratteri.") && page.contains(&too_long), "kept as typed");
    assert_eq!(location(&citizen.post_form(&step, &[("dettagli", "Rinnovo della carta scaduta")]).await), format!("{base}/richiedente"));

    let (_, applicant) = citizen.get_text(&format!("{base}/richiedente")).await;
    assert!(applicant.contains(&format!("/accedi?ritorno=%2Fprenota-appuntamento%2F{key}%2Frichiedente")), "sign in and come back: {applicant}");
    let response = citizen.post_form(&format!("{base}/richiedente"), &[("nome", "Maria Rossi"), ("email", "maria.rossi@"), ("telefono", "")]).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Scrivi un indirizzo email valido") && page.contains(r#"value="Maria Rossi""#), "{page}");
    let applicant = [("nome", "Maria Rossi"), ("email", "maria.rossi@example.it"), ("telefono", "333 123 4567")];
    assert_eq!(location(&citizen.post_form(&format!("{base}/richiedente"), &applicant).await), format!("{base}/riepilogo"));
    let (_, summary) = citizen.get_text(&format!("{base}/riepilogo")).await;
    assert!(summary.contains("Rinnovo della carta scaduta") && summary.contains("Maria Rossi · maria.rossi@example.it · 3331234567"), "{summary}");

    // Booked once, mailed once, on a double submit.
    assert_eq!(location(&citizen.post_form(&format!("{base}/riepilogo"), &[]).await), format!("/appuntamenti/{key}?prenotato=1"));
    assert_eq!(location(&citizen.post_form(&format!("{base}/riepilogo"), &[]).await), format!("/appuntamenti/{key}"));
    let sent = mails(server).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "maria.rossi@example.it");
    assert_eq!(sent[0].1, format!("Appuntamento confermato: 18/01/2027 alle 08:30 – {REGISTRY}"));
    assert!(sent[0].2.contains(&format!("http://portale.test/appuntamenti/{key}")) && sent[0].2.contains("via De Amicis 1"), "{}", sent[0].2);

    let (status, confirmation) = citizen.get_text(&format!("/appuntamenti/{key}?prenotato=1")).await;
    assert_eq!(status, 200);
    assert!(confirmation.contains("Appuntamento prenotato.") && confirmation.contains("Cosa portare") && confirmation.contains("Aggiungi al calendario"));
    let response = citizen.get(&format!("/appuntamenti/{key}/appuntamento.ics")).await;
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let file = response.text().await.unwrap();
    assert_eq!(calendar_property(&file, "DTSTART").as_deref(), Some("20270118T073000Z"), "08:30 in Rome");
    assert_eq!(calendar_property(&file, "STATUS").as_deref(), Some("CONFIRMED"));
    assert!(calendar_property(&file, "LOCATION").unwrap().contains("via De Amicis 1"));

    // The step pages of a booked slot send to the booking; a wrong key finds nothing.
    let (_, again) = citizen.get_text(&format!("{base}/dettagli")).await;
    assert!(again.contains("Questa prenotazione è già confermata."));
    assert_eq!(citizen.get(&format!("/appuntamenti/{}", "f".repeat(64))).await.status(), 404);
    assert_eq!(citizen.get(&format!("/appuntamenti/{}/appuntamento.ics", "f".repeat(64))).await.status(), 404);
}

on_both_databases!(a_citizen_books_from_a_service_sheet_to_the_confirmation);

async fn the_mails_link_moves_and_cancels_the_booking(server: &TestServer) {
    server.clock.set_now(NOW);
    let mut citizen = Browser::new(server);
    let key = book(&mut citizen, "2027-01-18", "08:30", "maria.rossi@example.it").await;
    let page = format!("/appuntamenti/{key}");
    // Whoever holds the link, signed in or not: a new browser.
    let mut link = Browser::new(server);
    let (_, choose) = link.get_text(&format!("{page}?cambia=1&mese=2027-01&giorno=2027-01-19")).await;
    assert!(choose.contains("Scegli il nuovo giorno e orario") && choose.contains(r#"value="09:10""#), "{choose}");
    let moving = format!("{page}?cambia=1&mese=2027-01&giorno=2027-01-19");
    let response = link.post_form(&moving, &[("azione", "sposta"), ("giorno", "2027-01-19"), ("orario", "09:07")]).await;
    assert_eq!(response.status(), 422, "not a slot");
    assert!(without_text_markers(response.text().await.unwrap()).contains("Scegli un orario tra quelli liberi."));
    assert_eq!(location(&link.post_form(&moving, &[("azione", "sposta"), ("giorno", "2027-01-19"), ("orario", "09:10")]).await), format!("{page}?spostato=1"));
    let sent = mails(server).await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().any(|mail| mail.1 == format!("Appuntamento spostato: 19/01/2027 alle 09:10 – {REGISTRY}")), "{sent:?}");
    // The same time again: nothing moved, nobody told.
    assert_eq!(location(&link.post_form(&moving, &[("azione", "sposta"), ("giorno", "2027-01-19"), ("orario", "09:10")]).await), format!("{page}?invariato=1"));
    assert_eq!(mails(server).await.len(), 2);
    let file = link.get(&format!("{page}/appuntamento.ics")).await.text().await.unwrap();
    assert_eq!(calendar_property(&file, "SEQUENCE").as_deref(), Some("1"), "one change of time");
    assert_eq!(calendar_property(&file, "DTSTART").as_deref(), Some("20270119T081000Z"));
    let old: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointment_ticks WHERE day = '2027-01-18'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(old, 0, "the old time is free again");

    // Cancelling asks first, then frees the time, once.
    let (_, ask) = link.get_text(&format!("{page}?annulla=1")).await;
    assert!(ask.contains("Vuoi davvero annullare questo appuntamento?"));
    assert_eq!(location(&link.post_form(&page, &[("azione", "annulla")]).await), format!("{page}?annullato=1"));
    assert_eq!(location(&link.post_form(&page, &[("azione", "annulla")]).await), format!("{page}?annullato=1"));
    let sent = mails(server).await;
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(sent.iter().any(|mail| mail.1 == format!("Appuntamento annullato: 19/01/2027 alle 09:10 – {REGISTRY}")), "{sent:?}");
    let ticks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointment_ticks").fetch_one(server.pool()).await.unwrap();
    assert_eq!(ticks, 0);
    let file = link.get(&format!("{page}/appuntamento.ics")).await.text().await.unwrap();
    assert_eq!(calendar_property(&file, "STATUS").as_deref(), Some("CANCELLED"));
    let response = link.post_form(&moving, &[("azione", "sposta"), ("giorno", "2027-01-19"), ("orario", "09:30")]).await;
    assert_eq!(response.status(), 409);
    assert!(without_text_markers(response.text().await.unwrap()).contains("non è più prenotato"));
}

on_both_databases!(the_mails_link_moves_and_cancels_the_booking);

/// Ten browsers post the same slot at once: the registry's three counters
/// give three holds, the other seven are told it was just taken.
async fn ten_people_posting_one_slot_get_one_hold_per_counter(server: &TestServer) {
    server.clock.set_now(NOW);
    let mut browsers = Vec::new();
    for _ in 0..10 {
        let mut browser = Browser::new(server);
        let _ = browser.get("/prenota-appuntamento").await;
        browsers.push(browser);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for mut browser in browsers {
        tasks.spawn(async move { hold(&mut browser, "anagrafe", ID_CARD, "2027-01-20", "10:10").await });
    }
    let mut held = 0;
    let mut taken = 0;
    while let Some(outcome) = tasks.join_next().await {
        match outcome.unwrap() {
            Ok(_) => held += 1,
            Err((409, page)) => {
                assert!(page.contains("Questo orario è appena stato preso da un'altra persona"), "{page}");
                taken += 1;
            }
            Err((status, page)) => panic!("{status}: {page}"),
        }
    }
    assert_eq!((held, taken), (3, 7));
    let counters: Vec<i64> = sqlx::query_scalar("SELECT counter_number FROM appointments ORDER BY counter_number").fetch_all(server.pool()).await.unwrap();
    assert_eq!(counters, vec![1, 2, 3], "each on its own counter");
    let (_, day) = Browser::new(server).get_text(&day_page("anagrafe", ID_CARD, "2027-01-20")).await;
    assert!(!day.contains(r#"value="10:10""#) && day.contains(r#"value="10:30""#), "no longer offered");
}

on_both_databases!(ten_people_posting_one_slot_get_one_hold_per_counter);

/// A hold not completed in 15 minutes gives its slot back, telling no one.
async fn an_abandoned_hold_expires(server: &TestServer) {
    server.clock.set_now(NOW);
    let mut citizen = Browser::new(server);
    // The civil registry has one counter: its slot is held or free.
    let step = hold(&mut citizen, "stato-civile", "pubblicazioni-di-matrimonio", "2027-01-19", "09:00").await.expect("held");
    let (_, while_held) = Browser::new(server).get_text(&day_page("stato-civile", "pubblicazioni-di-matrimonio", "2027-01-19")).await;
    assert!(!while_held.contains(r#"value="09:00""#) && while_held.contains(r#"value="09:45""#), "{while_held}");
    server.clock.advance(16 * 60);
    let (_, expired) = citizen.get_text(&step).await;
    assert!(expired.contains("Il tempo per completare la prenotazione è scaduto"), "{expired}");
    assert_eq!(location(&citizen.post_form(&step, &[("dettagli", "")]).await), step, "nothing kept on an expired hold");
    let (_, free) = Browser::new(server).get_text(&day_page("stato-civile", "pubblicazioni-di-matrimonio", "2027-01-19")).await;
    assert!(free.contains(r#"value="09:00""#), "free again");
    assert!(mails(server).await.is_empty(), "no mail for a hold that expired");
}

on_both_databases!(an_abandoned_hold_expires);

/// A clerk registers a booking for someone who phoned: name and phone, no
/// email; it belongs to no account, names the clerk, and is audited.
async fn a_clerk_registers_a_booking_for_a_caller(server: &TestServer) {
    server.clock.set_now(NOW);
    const CLERK: &str = "GLLMRC78C10F205D";
    let clerk_id = crate::certificates::create_staff(server, CLERK, &["anagrafe"]).await;
    let mut clerk = crate::certificates::log_in_staff(server, CLERK).await;
    let (_, agenda) = clerk.get_text("/operatore/appuntamenti").await;
    assert!(agenda.contains(r#"href="/prenota-appuntamento""#) && agenda.contains("Registra un appuntamento telefonico"));
    let step = hold(&mut clerk, "anagrafe", "cambio-di-residenza", "2027-01-21", "09:00").await.expect("held");
    let base = step.trim_end_matches("/dettagli").to_string();
    assert_eq!(location(&clerk.post_form(&step, &[("dettagli", "Chiamata al centralino")]).await), format!("{base}/richiedente"));
    let (_, applicant) = clerk.get_text(&format!("{base}/richiedente")).await;
    assert!(applicant.contains("per chi ha telefonato") && !applicant.contains(r#"value="Giulia Bianchi""#), "not the clerk's own profile: {applicant}");
    let response = clerk.post_form(&format!("{base}/richiedente"), &[("nome", "Carlo Verdi"), ("email", ""), ("telefono", "")]).await;
    assert_eq!(response.status(), 422, "a caller needs a phone");
    let caller = [("nome", "Carlo Verdi"), ("email", ""), ("telefono", "02 1234 5678")];
    assert_eq!(location(&clerk.post_form(&format!("{base}/richiedente"), &caller).await), format!("{base}/riepilogo"));
    let key = key_of(&step);
    assert_eq!(location(&clerk.post_form(&format!("{base}/riepilogo"), &[]).await), format!("/appuntamenti/{key}?prenotato=1"));
    let (account, registered_by, phone, state): (Option<String>, Option<String>, Option<String>, String) =
        sqlx::query_as("SELECT account_id, registered_by, phone, state FROM appointments").fetch_one(server.pool()).await.unwrap();
    assert_eq!((account, registered_by.as_deref(), phone.as_deref(), state.as_str()), (None, Some(clerk_id.as_str()), Some("0212345678"), "booked"));
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'appointment_registered_for_caller' AND actor = $1")
        .bind(&clerk_id)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(audited, 1);
    assert!(mails(server).await.is_empty(), "no email given: the office phones");
    let (_, agenda) = clerk.get_text("/operatore/appuntamenti?giorno=2027-01-21").await;
    assert!(agenda.contains("09:00 — Carlo Verdi") && agenda.contains("0212345678"), "{agenda}");
}

on_both_databases!(a_clerk_registers_a_booking_for_a_caller);
