//! The message centre on SQLite and PostgreSQL, over real HTTP with the App
//! IO simulator: every message is kept for "I miei messaggi" (read, unread,
//! only the owner's), goes by email and App IO unless the citizen turned
//! the channel off for that kind, in the language they chose; each
//! channel's outcome is recorded; a message meant once goes once (a
//! receipt the node sends again). The App IO worker is waited for by its
//! rounds, and its waits between 429s are noted, never slept.

use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use app::i18n::{Locale, Text};
use app::messages::model::{MessageKind, IO_MARKDOWN_CHARS, IO_SUBJECT_CHARS};
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use server::messages::app_io::Pause;
use server::messages::centre::{Addressee, Letter};
use server::messages::io_simulator::SimulatedProfile;
use server::messages::store::deliveries_of;
use server::payments::node_messages::{write_send_receipt_request, InterfaceVersion};
use server::payments::positions::{open_debt_position, DebtPosition, NewDebtPosition};

const MARIO: &str = "RSSMRA80A01F205X";
const GIULIA: &str = "BNCGLI85M52F205H";

fn with_app_io(config: &mut server::config::Config) {
    config.app_io.simulator = true;
    config.app_io.pause = Pause::Record(Default::default());
}

fn practice_update(protocol: &'static str) -> Letter<'static> {
    Letter {
        kind: MessageKind::Practices,
        write: Box::new(move |locale: Locale| {
            let what = Text::MailApplicationAccepted.fill(locale, &[("note", "Requisiti verificati.")]);
            let values = [("protocol", protocol), ("procedure", "Accesso civico generalizzato (FOIA)"), ("status", "Accolta"), ("what", what.as_str())];
            (Text::MailPracticeUpdateSubject.fill(locale, &values), Text::MailPracticeUpdateBody.fill(locale, &values))
        }),
        link: Some("/area-personale/pratiche/0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b".to_string()),
        due_on: None,
        notice: None,
        once_key: None,
    }
}

/// A notice of Mario's to pay.
async fn open_for(server: &TestServer, account: &str, reference: &str, description: &str, cents: i64, due_on: Option<time::Date>) -> DebtPosition {
    let debt = NewDebtPosition {
        kind: DebtKind::Spontaneous,
        reference,
        account_id: Some(account),
        payer_fiscal_code: MARIO,
        payer_name: "Mario Rossi",
        description,
        amount: AmountInCents::from_cents(cents).unwrap(),
        due_on,
        transfers: None,
    };
    open_debt_position(server.pool(), app::payments::notice_number::SegregationCode::parse("01").unwrap(), &debt).await.unwrap()
}

async fn verify_email(server: &TestServer, account_id: &str) {
    sqlx::query("UPDATE accounts SET email_verified_at = 1 WHERE id = $1").bind(account_id).execute(server.pool()).await.unwrap();
}

fn outcomes(deliveries: Vec<(String, String, Option<String>)>) -> Vec<(String, String)> {
    deliveries.into_iter().map(|(channel, outcome, _)| (channel, outcome)).collect()
}

fn pair(channel: &str, outcome: &str) -> (String, String) {
    (channel.to_string(), outcome.to_string())
}

async fn the_message_centre_keeps_sends_and_respects_choices(server: &TestServer) {
    let mario = create_citizen(server, MARIO, "Mario", false).await;
    verify_email(server, &mario).await;
    server.app_io_simulator().set_profile(MARIO, Some(SimulatedProfile::Allowed));
    let centre = server.messages();
    let to = Addressee { account_id: &mario, email: None, locale: None };

    // Every channel by default: the personal area, email (verified), App IO.
    let first = centre.send(&to, &practice_update("2026/0000042")).await.unwrap().expect("sent");
    server.settle_app_io().await;
    assert_eq!(outcomes(deliveries_of(server.pool(), &first).await.unwrap()), vec![pair("app_io", "sent"), pair("email", "queued")]);
    let mails: Vec<(String, String)> = sqlx::query_as("SELECT recipient, subject FROM outgoing_mail").fetch_all(server.pool()).await.unwrap();
    assert_eq!(mails, vec![("mario.rossi@example.it".to_string(), "Pratica n. 2026/0000042 – Accesso civico generalizzato (FOIA): Accolta".to_string())]);
    let received = server.app_io_simulator().received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let markdown = received[0]["content"]["markdown"].as_str().unwrap();
    assert!(markdown.ends_with("/area-personale/pratiche/0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b)"), "the link back closes it: {markdown}");
    assert!(IO_SUBJECT_CHARS.contains(&received[0]["content"]["subject"].as_str().unwrap().chars().count()));
    assert!(IO_MARKDOWN_CHARS.contains(&markdown.chars().count()));

    // "I miei messaggi": unread, then read by opening it, then unread again.
    let mut citizen = log_in(server, MARIO, false).await;
    let (status, list) = citizen.get_text("/area-personale/messaggi").await;
    assert_eq!(status, 200);
    let list = without_text_markers(list);
    assert!(list.contains("Pratica n. 2026/0000042") && list.contains("Messaggi da leggere: 1.") && list.contains("Da leggere"), "{list}");
    let message_page = format!("/area-personale/messaggi/{first}");
    let (status, page) = citizen.get_text(&message_page).await;
    assert_eq!(status, 200);
    let page = without_text_markers(page);
    assert!(page.contains("Requisiti verificati.") && page.contains("href=\"/area-personale/pratiche/0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b\""), "{page}");
    assert!(without_text_markers(citizen.get_text("/area-personale/messaggi").await.1).contains("Messaggi da leggere: 0."));
    let response = citizen.post_form(&message_page, &[("azione", "da-leggere")]).await;
    assert_eq!((response.status().as_u16(), location(&response)), (303, "/area-personale/messaggi?da-leggere=1".to_string()));
    assert!(without_text_markers(citizen.get_text("/area-personale/messaggi").await.1).contains("Messaggi da leggere: 1."));

    // Nobody else opens or marks it.
    let giulia = create_citizen(server, GIULIA, "Giulia", false).await;
    let mut stranger = log_in(server, GIULIA, false).await;
    assert_eq!(stranger.get_text(&message_page).await.0, 404);
    assert_eq!(stranger.post_form(&message_page, &[("azione", "da-leggere")]).await.status(), 404);
    assert!(!without_text_markers(stranger.get_text("/area-personale/messaggi").await.1).contains("2026/0000042"));
    let _ = giulia;

    // The preferences: a language is required (nothing ticked is lost)...
    let response = citizen.post_form("/area-personale/preferenze-messaggi", &[("app_io-pagamenti", "si"), ("lingua_messaggi", "")]).await;
    assert_eq!(response.status(), 422);
    let form = without_text_markers(response.text().await.unwrap());
    assert!(form.contains("Scegli la lingua dei messaggi: italiano o inglese."), "{form}");
    assert!(
        form.contains(r#"name="app_io-pagamenti" value="si" checked class"#) && form.contains(r#"name="email-pratiche" value="si" class"#),
        "what was ticked is kept: {form}"
    );
    // ...then practices by no channel but the personal area, in English.
    let response = citizen.post_form("/area-personale/preferenze-messaggi", &[("app_io-pagamenti", "si"), ("lingua_messaggi", "en")]).await;
    assert_eq!(location(&response), "/area-personale/preferenze-messaggi?salvate=1");
    let (_, preferences) = citizen.get_text("/area-personale/preferenze-messaggi").await;
    assert!(preferences.contains(r#"name="app_io-pagamenti" value="si" checked class"#), "{preferences}");
    assert!(
        preferences.contains(r#"name="email-pratiche" value="si" class"#) && preferences.contains(r#"name="app_io-pratiche" value="si" class"#),
        "not ticked any more"
    );
    assert!(preferences.contains(r#"<option value="en" selected"#), "{preferences}");
    let second = centre.send(&to, &practice_update("2026/0000043")).await.unwrap().expect("sent");
    server.settle_app_io().await;
    assert_eq!(outcomes(deliveries_of(server.pool(), &second).await.unwrap()), vec![pair("app_io", "not_chosen"), pair("email", "not_chosen")]);
    let subject: String = sqlx::query_scalar("SELECT subject FROM citizen_messages WHERE id = $1").bind(&second).fetch_one(server.pool()).await.unwrap();
    assert_eq!(subject, "Practice no. 2026/0000043 – Accesso civico generalizzato (FOIA): Accolta", "written in the chosen language");
    assert_eq!(server.app_io_simulator().received.lock().unwrap().len(), 1, "nothing more went to IO");
    assert_eq!(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outgoing_mail").fetch_one(server.pool()).await.unwrap(), 1, "nor by email");

    // A receipt the node sends three times at once: one message.
    let position = open_for(server, &mario, "messaggi-ricevuta", "Diritti di segreteria per il rilascio di copie", 1_650, None).await;
    let receipt = write_send_receipt_request(InterfaceVersion::V2, &crate::pa_for_node::node(), &crate::pa_for_node::receipt_for(&position, "ricevuta-m"));
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let (client, url, receipt) = (server.client.clone(), server.url("/pagopa/paForNode"), receipt.clone());
            tokio::spawn(async move { client.post(url).header("content-type", "text/xml").body(receipt).send().await.unwrap().status().as_u16() })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), 200);
    }
    let receipts: Vec<(String, Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT subject, notice_number, amount_cents FROM citizen_messages WHERE account_id = $1 AND kind = 'pagamenti'")
            .bind(&mario)
            .fetch_all(server.pool())
            .await
            .unwrap();
    assert_eq!(receipts, vec![("Payment received: Diritti di segreteria per il rilascio di copie".to_string(), None, None)]);
    server.settle_app_io().await;
    let io: Vec<String> =
        server.app_io_simulator().received.lock().unwrap().iter().map(|sent| sent["content"]["subject"].as_str().unwrap().to_string()).collect();
    assert_eq!(
        io,
        vec!["Pratica n. 2026/0000042 – Accesso civico generalizzato (FOIA): Accolta", "Payment received: Diritti di segreteria per il rilascio di copie"]
    );
}

on_both_databases!(configured_with with_app_io; the_message_centre_keeps_sends_and_respects_choices);

/// Each of IO's answers ends as its outcome on the message, through the worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_app_io_answer_is_recorded_on_the_message() {
    let server = TestServer::start_with(Backend::Sqlite, with_app_io).await;
    let simulator = server.app_io_simulator();
    let centre = server.messages();
    let mario = create_citizen(&server, MARIO, "Mario", false).await;
    let giulia = create_citizen(&server, GIULIA, "Giulia", false).await;
    let send = |account: String, letter: Letter<'static>| {
        let centre = centre.clone();
        async move { centre.send(&Addressee { account_id: &account, email: None, locale: None }, &letter).await.unwrap().unwrap() }
    };
    let io_outcome = |id: String| {
        let pool = server.pool().clone();
        async move {
            let deliveries = deliveries_of(&pool, &id).await.unwrap();
            deliveries.into_iter().find(|(channel, _, _)| channel == "app_io").map(|(_, outcome, detail)| (outcome, detail)).unwrap()
        }
    };

    // No verified email and not on IO: kept in the personal area only.
    let not_on_io = send(giulia.clone(), practice_update("2026/0000001")).await;
    server.settle_app_io().await;
    assert_eq!(io_outcome(not_on_io.clone()).await.0, "not_on_io");
    assert!(outcomes(deliveries_of(server.pool(), &not_on_io).await.unwrap()).contains(&pair("email", "no_address")));

    simulator.set_profile(GIULIA, Some(SimulatedProfile::OptedOut));
    let opted_out = send(giulia.clone(), practice_update("2026/0000002")).await;
    server.settle_app_io().await;
    assert_eq!(io_outcome(opted_out).await.0, "opted_out");

    // A notice above the service's largest amount: IO refuses it as it is.
    simulator.set_profile(MARIO, Some(SimulatedProfile::Allowed));
    let position =
        open_for(&server, &mario, "messaggi-troppo", "Canone di occupazione del suolo pubblico 2027", 150_001, Some(time::macros::date!(2027 - 03 - 31))).await;
    let invalid = send(mario.clone(), server::payments::messages::new_notice_letter(&position)).await;
    server.settle_app_io().await;
    let (outcome, detail) = io_outcome(invalid).await;
    assert_eq!(outcome, "invalid");
    assert!(detail.unwrap_or_default().contains("max_allowed_payment_amount"));

    // 429 twice, then accepted: one round, the notice with its due day.
    let payable =
        open_for(&server, &mario, "messaggi-avviso", "Canone di occupazione del suolo pubblico 2027", 12_050, Some(time::macros::date!(2027 - 03 - 31))).await;
    simulator.throttle_next(2);
    let accepted = send(mario.clone(), server::payments::messages::new_notice_letter(&payable)).await;
    server.settle_app_io().await;
    assert_eq!(io_outcome(accepted.clone()).await.0, "sent");
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM message_deliveries WHERE message_id = $1 AND channel = 'app_io'")
        .bind(&accepted)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(attempts, 1, "one round of the worker; the 429s were retried inside it");
    let last = simulator.received.lock().unwrap().last().cloned().unwrap();
    assert_eq!(last["content"]["payment_data"]["notice_number"], payable.notice_number.to_string());
    assert_eq!(last["content"]["payment_data"]["amount"], 12_050);
    assert_eq!(last["content"]["due_date"], "2027-03-31T21:59:59Z");
    // The same notice again (a retried filing): dropped.
    let again =
        centre.send(&Addressee { account_id: &mario, email: None, locale: None }, &server::payments::messages::new_notice_letter(&payable)).await.unwrap();
    assert_eq!(again, None);

    // IO busy for longer than a round's attempts: pending, to be tried later.
    simulator.throttle_next(50);
    let later = send(mario.clone(), practice_update("2026/0000003")).await;
    server.settle_app_io().await;
    let (outcome, detail) = io_outcome(later.clone()).await;
    assert_eq!(outcome, "pending");
    assert!(detail.unwrap_or_default().contains("429"));
    simulator.throttle_next(0);
    server.stop().await;
}
