//! Appointments' records on SQLite and PostgreSQL: the offices' calendars
//! come from the content; ten people holding one slot at once get as many
//! holds as the office has counters, each on its own counter; services of
//! different lengths never overlap on a counter; a booking is idempotent on
//! double submit; a hold that expires gives its time back (and cannot be
//! booked any more); a cancellation frees the time. The calendar file opens
//! in a calendar parser.

use crate::support::*;
use app::appointments::model::{calendar_file, free_slots, CalendarEvent, Slot};
use app::i18n::Locale;
use app::practices::calendar::{rome_unix_seconds, WorkingDayCalendar};
use server::appointments::calendars::calendar_of_office;
use server::appointments::reminders::{send_reminders, ReminderNames};
use server::appointments::store::{
    appointment_by_key, busy_ticks, change_state, hold_slot, release_expired_holds, Applicant, AppointmentState, AppointmentStep, HoldOutcome, NewHold,
    StepOutcome,
};
use time::macros::{date, time};

/// 15 January 2027, 10:00 in Rome: the slots below are in March.
const NOW: i64 = 1_800_003_600;
const HOLD_SECONDS: i64 = 900;

fn hold<'a>(office: &'a str, service: &'a str, slot: Slot, minutes: u32, counters: u32, key: &'a str, now: i64) -> NewHold<'a> {
    NewHold { office, service, slot, minutes, counters, locale: Locale::Italian, account_id: None, key_hash: key, expires_at: now + HOLD_SECONDS, now }
}

fn mario() -> Applicant<'static> {
    Applicant { account_id: None, name: "Mario Rossi", email: "mario.rossi@example.it", phone: "3331234567", details: "Rinnovo della carta scaduta" }
}

async fn two_people_never_get_the_same_counter(server: &TestServer) {
    let registry = calendar_of_office(server.pool(), "anagrafe").await.unwrap().expect("written from content/appointments.toml");
    assert_eq!(registry.schedule.counters, 3);
    let counters = registry.schedule.counters;
    let nine = Slot { date: date!(2027 - 03 - 08), start: time!(9:00) };
    // On the registry's 20-minute grid from 8:30: 8:30, 8:50, 9:10…
    let ten_to_nine = Slot { start: time!(8:50), ..nine };

    // Ten people at once on one slot of three counters: three holds, one per counter.
    let attempts: Vec<_> = (0..10)
        .map(|person| {
            let pool = server.pool().clone();
            tokio::spawn(async move {
                let key = format!("chiave-{person}");
                hold_slot(&pool, &hold("anagrafe", "carta-identita-elettronica", ten_to_nine, 20, counters, &key, NOW)).await.unwrap()
            })
        })
        .collect();
    let mut held_counters = Vec::new();
    for attempt in attempts {
        if let HoldOutcome::Held { counter, .. } = attempt.await.unwrap() {
            held_counters.push(counter);
        }
    }
    held_counters.sort();
    assert_eq!(held_counters, vec![1, 2, 3], "as many holds as counters, never two on one");
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointment_ticks WHERE office = 'anagrafe'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(taken, 3 * 4, "three counters, four 5-minute ticks each");

    // The day's free slots no longer offer 8:50; 8:30 and 9:10 are free.
    let busy = busy_ticks(server.pool(), "anagrafe", nine.date, nine.date, NOW).await.unwrap();
    let free = free_slots(&registry.schedule, nine.date, 20, &WorkingDayCalendar::RHO, NOW, |counter, tick| busy.contains(&(nine.date, counter, tick)));
    let starts: Vec<_> = free.iter().map(|slot| slot.start).collect();
    assert!(!starts.contains(&time!(8:50)) && starts.contains(&time!(8:30)) && starts.contains(&time!(9:10)), "{starts:?}");

    // One counter, services of different lengths: 9:00 for 45 minutes keeps 9:30 taken, not 9:45.
    let marriages = calendar_of_office(server.pool(), "stato-civile").await.unwrap().unwrap();
    let minutes = marriages.minutes_for("pubblicazioni-di-matrimonio");
    assert_eq!(minutes, 45);
    assert!(matches!(
        hold_slot(server.pool(), &hold("stato-civile", "pubblicazioni-di-matrimonio", nine, minutes, 1, "nozze", NOW)).await.unwrap(),
        HoldOutcome::Held { .. }
    ));
    let half_past = Slot { start: time!(9:30), ..nine };
    assert_eq!(hold_slot(server.pool(), &hold("stato-civile", "unioni-civili", half_past, 30, 1, "unione", NOW)).await.unwrap(), HoldOutcome::Taken);
    let quarter_to = Slot { start: time!(9:45), ..nine };
    assert!(matches!(
        hold_slot(server.pool(), &hold("stato-civile", "unioni-civili", quarter_to, 30, 1, "unione", NOW)).await.unwrap(),
        HoldOutcome::Held { .. }
    ));

    // Booking is idempotent: the second submit changes nothing.
    let key: String = sqlx::query_scalar("SELECT key_hash FROM appointments WHERE office = 'anagrafe' ORDER BY counter_number LIMIT 1")
        .fetch_one(server.pool())
        .await
        .unwrap();
    let booked = appointment_by_key(server.pool(), &key).await.unwrap().expect("the flow's key opens it");
    assert_eq!((booked.slot, booked.minutes, booked.counter), (ten_to_nine, 20, 1));
    assert_eq!(booked.state, AppointmentState::Held);
    assert_eq!(change_state(server.pool(), &booked.id, AppointmentStep::Book(mario()), NOW + 60).await.unwrap(), StepOutcome::Done);
    assert_eq!(change_state(server.pool(), &booked.id, AppointmentStep::Book(mario()), NOW + 61).await.unwrap(), StepOutcome::AlreadyDone);

    // The other holds expire: their time comes back, nobody is told, they cannot be booked.
    let later = NOW + HOLD_SECONDS + 1;
    let expired: Vec<String> =
        sqlx::query_scalar("SELECT id FROM appointments WHERE office = 'anagrafe' AND state = 'held'").fetch_all(server.pool()).await.unwrap();
    assert_eq!(expired.len(), 2);
    assert_eq!(change_state(server.pool(), &expired[0], AppointmentStep::Book(mario()), later).await.unwrap(), StepOutcome::NotAllowed);
    let busy = busy_ticks(server.pool(), "anagrafe", nine.date, nine.date, later).await.unwrap();
    assert_eq!(busy.len(), 4, "an expired hold takes no time even before it is released");
    assert_eq!(release_expired_holds(server.pool(), later).await.unwrap(), 2 + 2, "two at the registry, two at the civil registry");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointment_ticks WHERE office = 'anagrafe'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(left, 4);
    let mails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outgoing_mail").fetch_one(server.pool()).await.unwrap();
    assert_eq!(mails, 0, "no mail for a hold that expired");
    assert!(matches!(
        hold_slot(server.pool(), &hold("anagrafe", "carta-identita-elettronica", ten_to_nine, 20, counters, "di-nuovo", later)).await.unwrap(),
        HoldOutcome::Held { .. }
    ));

    // A cancellation frees the booking's time.
    assert_eq!(change_state(server.pool(), &booked.id, AppointmentStep::Cancel, later).await.unwrap(), StepOutcome::Done);
    assert_eq!(change_state(server.pool(), &booked.id, AppointmentStep::Cancel, later).await.unwrap(), StepOutcome::AlreadyDone);
    let ticks_of_booking: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM appointment_ticks WHERE appointment_id = $1").bind(&booked.id).fetch_one(server.pool()).await.unwrap();
    assert_eq!(ticks_of_booking, 0);
}

on_both_databases!(two_people_never_get_the_same_counter);

/// An administrator changes an office's calendar: every mistake named at
/// once with what was typed kept, then saved (audited) and used for the slots.
async fn administrators_keep_the_offices_calendars(server: &TestServer) {
    const ADMINISTRATOR: &str = "VRDLCU75C15F205E";
    let admin = crate::certificates::create_staff(server, ADMINISTRATOR, &[]).await;
    sqlx::query("UPDATE accounts SET role = 'administrator' WHERE id = $1").bind(&admin).execute(server.pool()).await.unwrap();
    let mut browser = crate::certificates::log_in_staff(server, ADMINISTRATOR).await;
    let (status, list) = browser.get_text("/amministrazione/appuntamenti").await;
    assert_eq!(status, 200);
    let list = without_text_markers(list);
    assert!(list.contains("Servizi Demografici – Ufficio Anagrafe") && list.contains("href=\"/amministrazione/appuntamenti/anagrafe\""), "{list}");
    let (_, form) = browser.get_text("/amministrazione/appuntamenti/tributi").await;
    assert!(without_text_markers(form).contains("lun 09:00-12:30\nmar 09:00-12:30\nmar 14:00-16:30"), "the hours as lines, one per span");

    let wrong = [
        ("sportelli", "0"),
        ("durata", "30"),
        ("preavviso", "60"),
        ("orari", "lun-ven 09:00-12:30\nlun 12:00-13:00"),
        ("chiusure", "31/02/2027"),
        ("servizi", ""),
    ];
    let response = browser.post_form("/amministrazione/appuntamenti/tributi", &wrong).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    for message in ["Indica gli sportelli aperti insieme", "Due fasce dello stesso giorno si sovrappongono.", "Un giorno di chiusura non è una data"] {
        assert!(page.contains(message), "{message}: {page}");
    }
    assert!(page.contains("lun 12:00-13:00</textarea>"), "what was typed is kept");

    let right = [
        ("sportelli", "3"),
        ("durata", "20"),
        ("preavviso", "60"),
        ("orari", "lun-ven 09:00-12:00\nsab 09:00-11:00"),
        ("chiusure", "08/03/2027"),
        ("servizi", "imu-versamento = 40"),
    ];
    let response = browser.post_form("/amministrazione/appuntamenti/tributi", &right).await;
    assert_eq!(location(&response), "/amministrazione/appuntamenti/tributi?salvato=1");
    let tributi = calendar_of_office(server.pool(), "tributi").await.unwrap().unwrap();
    assert_eq!((tributi.schedule.counters, tributi.slot_minutes, tributi.notice_minutes, tributi.minutes_for("imu-versamento")), (3, 20, 60, 40));
    assert_eq!(tributi.schedule.slot_starts(date!(2027 - 03 - 08), 20, &WorkingDayCalendar::RHO), vec![], "closed on the day written");
    assert_eq!(
        tributi.schedule.slot_starts(date!(2027 - 03 - 13), 40, &WorkingDayCalendar::RHO),
        vec![time!(9:00), time!(9:40), time!(10:20)],
        "Saturdays now"
    );
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'appointment_calendar_changed' AND actor = $1")
        .bind(&admin)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(audited, 1);
    assert_eq!(browser.post_form("/amministrazione/appuntamenti/ufficio-inesistente", &right).await.status(), 404);
}

on_both_databases!(administrators_keep_the_offices_calendars);

/// The day before, from 9:00: each booking reminded once (through the
/// message centre with an account, by email without one), none for a
/// cancelled one.
async fn the_day_before_each_booking_is_reminded_once(server: &TestServer) {
    let mario = crate::practice_wizard::create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let tuesday = date!(2027 - 03 - 09);
    let book = |key: &'static str, start, account: Option<String>, email: &'static str| {
        let pool = server.pool().clone();
        async move {
            let slot = Slot { date: tuesday, start };
            let held = hold_slot(&pool, &NewHold { account_id: account.as_deref(), ..hold("anagrafe", "carta-identita-elettronica", slot, 20, 3, key, NOW) })
                .await
                .unwrap();
            let HoldOutcome::Held { id, .. } = held else { panic!("held") };
            let applicant = Applicant { account_id: account.as_deref(), name: "Mario Rossi", email, phone: "", details: "" };
            assert_eq!(change_state(&pool, &id, AppointmentStep::Book(applicant), NOW + 60).await.unwrap(), StepOutcome::Done);
            id
        }
    };
    book("con-account", time!(9:00), Some(mario.clone()), "mario.rossi@example.it").await;
    book("senza-account", time!(9:20), None, "anna.ferrari@example.it").await;
    let cancelled = book("disdetto", time!(9:40), None, "disdetto@example.it").await;
    assert_eq!(change_state(server.pool(), &cancelled, AppointmentStep::Cancel, NOW + 120).await.unwrap(), StepOutcome::Done);

    let names = ReminderNames {
        offices: std::sync::Arc::new(server.prepared().content.offices.clone()),
        services: std::sync::Arc::new(
            [("carta-identita-elettronica".to_string(), ("Carta d'identità elettronica".to_string(), "Electronic identity card".to_string()))].into(),
        ),
        public_url: server.base_url.clone(),
    };
    let outbox = server::mail::outbox::Outbox::new(server.pool().clone());
    let at = |hour| rome_unix_seconds(date!(2027 - 03 - 08), time::Time::from_hms(hour, 0, 0).unwrap()).unwrap();
    assert_eq!(send_reminders(server.pool(), &server.messages(), &outbox, &names, at(8)).await.unwrap(), 0, "not before 9:00");
    assert_eq!(send_reminders(server.pool(), &server.messages(), &outbox, &names, at(10)).await.unwrap(), 2);
    assert_eq!(send_reminders(server.pool(), &server.messages(), &outbox, &names, at(11)).await.unwrap(), 0, "once");

    let subject = "Promemoria: appuntamento domani alle 09:00 – Servizi Demografici – Ufficio Anagrafe";
    let kept: Vec<String> = sqlx::query_scalar("SELECT subject FROM citizen_messages WHERE account_id = $1 AND kind = 'appuntamenti'")
        .bind(&mario)
        .fetch_all(server.pool())
        .await
        .unwrap();
    assert_eq!(kept, vec![subject.to_string()], "in Mario's personal area");
    let mails: Vec<(String, String, String)> =
        sqlx::query_as("SELECT recipient, subject, body FROM outgoing_mail ORDER BY recipient").fetch_all(server.pool()).await.unwrap();
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert_eq!(
        (mails[0].0.as_str(), mails[0].1.as_str()),
        ("anna.ferrari@example.it", "Promemoria: appuntamento domani alle 09:20 – Servizi Demografici – Ufficio Anagrafe")
    );
    assert!(mails[0].2.contains("09/03/2027 alle 09:20, per «Carta d'identità elettronica»") && mails[0].2.contains("via De Amicis 1"), "{}", mails[0].2);
    assert_eq!(mails[1].0, "mario.rossi@example.it");
}

on_both_databases!(the_day_before_each_booking_is_reminded_once);

/// The counter's day: a clerk sees the bookings of their office only, in
/// order, and records arrived, served, did not come; another office's clerk
/// cannot; every opening and step is audited.
async fn the_counter_works_its_day(server: &TestServer) {
    const CLERK: &str = "GLLMRC78C10F205D";
    const OTHER_CLERK: &str = "CNTSRA82E62F205S";
    let clerk = crate::certificates::create_staff(server, CLERK, &["anagrafe"]).await;
    crate::certificates::create_staff(server, OTHER_CLERK, &["tributi"]).await;
    let tuesday = date!(2027 - 03 - 09);
    let mut ids = Vec::new();
    for (key, office, start, name) in
        [("a", "anagrafe", time!(9:20), "Anna Ferrari"), ("b", "anagrafe", time!(9:00), "Mario Rossi"), ("c", "tributi", time!(9:00), "Elena Neri")]
    {
        let slot = Slot { date: tuesday, start };
        let HoldOutcome::Held { id, .. } = hold_slot(server.pool(), &hold(office, "carta-identita-elettronica", slot, 20, 2, key, NOW)).await.unwrap() else {
            panic!("held")
        };
        let applicant = Applicant { account_id: None, name, email: "", phone: "3331234567", details: "" };
        assert_eq!(change_state(server.pool(), &id, AppointmentStep::Book(applicant), NOW + 1).await.unwrap(), StepOutcome::Done);
        ids.push(id);
    }
    let mut counter = crate::certificates::log_in_staff(server, CLERK).await;
    let (status, page) = counter.get_text("/operatore/appuntamenti?giorno=2027-03-09").await;
    assert_eq!(status, 200);
    let page = without_text_markers(page);
    let (mario, anna) = (page.find("09:00 — Mario Rossi").expect("Mario"), page.find("09:20 — Anna Ferrari").expect("Anna"));
    assert!(mario < anna, "in order of time");
    assert!(!page.contains("Elena Neri"), "another office's booking is not shown");

    let record = |id: &str, action: &'static str| [("appuntamento", id.to_string()), ("azione", action.to_string()), ("giorno", "2027-03-09".to_string())];
    let arrived = record(&ids[1], "arrivato");
    let fields: Vec<(&str, &str)> = arrived.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let response = counter.post_form("/operatore/appuntamenti", &fields).await;
    assert_eq!(location(&response), "/operatore/appuntamenti?giorno=2027-03-09&fatto=1");
    let served = record(&ids[1], "servito");
    let fields: Vec<(&str, &str)> = served.iter().map(|(name, value)| (*name, value.as_str())).collect();
    assert_eq!(counter.post_form("/operatore/appuntamenti", &fields).await.status(), 303);
    let late = record(&ids[1], "assente");
    let fields: Vec<(&str, &str)> = late.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let response = counter.post_form("/operatore/appuntamenti", &fields).await;
    assert_eq!(response.status(), 409);
    assert!(without_text_markers(response.text().await.unwrap()).contains("Questo passaggio non è possibile"));
    let state: String = sqlx::query_scalar("SELECT state FROM appointments WHERE id = $1").bind(&ids[1]).fetch_one(server.pool()).await.unwrap();
    assert_eq!(state, "served");

    let mut other = crate::certificates::log_in_staff(server, OTHER_CLERK).await;
    let not_theirs = record(&ids[0], "assente");
    let fields: Vec<(&str, &str)> = not_theirs.iter().map(|(name, value)| (*name, value.as_str())).collect();
    assert_eq!(other.post_form("/operatore/appuntamenti", &fields).await.status(), 404);
    let audited: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE actor = $1 AND action LIKE 'appointment_%' ORDER BY sequence")
        .bind(&clerk)
        .fetch_all(server.pool())
        .await
        .unwrap();
    assert_eq!(audited.first().map(String::as_str), Some("appointment_agenda_opened"));
    assert_eq!(audited.iter().filter(|action| *action == "appointment_counter_step").count(), 2, "{audited:?}");
}

on_both_databases!(the_counter_works_its_day);

#[test]
fn the_calendar_file_opens_in_a_calendar_parser() {
    let slot = Slot { date: date!(2027 - 03 - 08), start: time!(9:00) };
    let description = "Porta la vecchia carta d'identità, una fototessera recente e la tessera sanitaria; il pagamento si fa allo sportello, con carta.";
    let file = calendar_file(&CalendarEvent {
        uid: "3f2b8c1e-0000-4000-8000-000000000001@sportello.comune.rho.mi.it",
        sequence: 1,
        starts_at: slot.unix_seconds().unwrap(),
        minutes: 20,
        summary: "Carta d'identità elettronica – Servizi Demografici, Ufficio Anagrafe",
        location: "Sportello del Cittadino (QUIC), via De Amicis 1, 20017 Rho (MI)",
        description,
        stamped_at: NOW,
        cancelled: false,
    });
    let calendars: Vec<_> = ical::IcalParser::new(file.as_bytes()).collect::<Result<_, _>>().expect("a calendar a calendar program reads");
    assert_eq!(calendars.len(), 1);
    assert_eq!(calendars[0].events.len(), 1);
    let property = |name: &str| calendars[0].events[0].properties.iter().find(|property| property.name == name).and_then(|property| property.value.clone());
    assert_eq!(property("DTSTART").as_deref(), Some("20270308T080000Z"), "09:00 in Rome, winter time");
    assert_eq!(property("DTEND").as_deref(), Some("20270308T082000Z"));
    assert_eq!(property("SEQUENCE").as_deref(), Some("1"));
    assert_eq!(property("STATUS").as_deref(), Some("CONFIRMED"));
    // Unfolded whole (the line was longer than 75 octets), with RFC 5545's escapes.
    let unescaped = property("DESCRIPTION").unwrap().replace("\\,", ",").replace("\\;", ";");
    assert_eq!(unescaped, description);
    assert!(calendars[0].properties.iter().any(|property| property.name == "VERSION" && property.value.as_deref() == Some("2.0")));
}
