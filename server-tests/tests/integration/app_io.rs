//! The App IO channel against the simulator the server runs
//! (`SPORTELLO_APP_IO_SIMULATOR=1`), over real HTTP: each of IO's answers
//! (not on IO, opted out, accepted, 429 then accepted, 429 for too long,
//! invalid, a wrong key) and the limits every message sent keeps. The
//! waits between attempts are noted, never slept.

use crate::support::*;
use app::auth::fiscal_code::FiscalCode;
use app::messages::model::{IoMessage, IoPayment, IO_MARKDOWN_CHARS, IO_SUBJECT_CHARS};
use app::payments::{amount::AmountInCents, notice_number::NoticeNumber};
use server::messages::app_io::{AppIo, AppIoSettings, IoDelivery, Pause, MAXIMUM_ATTEMPTS};
use server::messages::io_simulator::SimulatedProfile;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn message(payment_cents: Option<u64>) -> IoMessage {
    let payment = payment_cents
        .map(|cents| IoPayment { notice_number: NoticeNumber::parse("301000000000000144").unwrap(), amount: AmountInCents::from_cents(cents as i64).unwrap() });
    let body = "La tua pratica n. 2027/000123 è stata protocollata: trovi la ricevuta nell'area personale dello Sportello telematico.";
    IoMessage::new("Pratica protocollata", body, None, payment).unwrap()
}

#[tokio::test]
async fn each_answer_of_app_io_is_told_apart() {
    let server = TestServer::start_with(Backend::Sqlite, |config| config.app_io.simulator = true).await;
    let simulator = server.app_io_simulator();
    let client = AppIoSettings { simulator: true, ..AppIoSettings::default() }.client(&server.base_url).expect("the simulator's client");
    let waits = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let pause = Pause::Record(waits.clone());
    let mario = FiscalCode::parse("RSSMRA80A01F205X").unwrap();
    let giulia = FiscalCode::parse("BNCGLI85M52F205H").unwrap();

    // Accepted: the profile, then the message.
    let IoDelivery::Sent { io_id, attempts } = client.deliver(&mario, &message(Some(12_050)), &pause).await else { panic!("sent") };
    assert!(!io_id.is_empty());
    assert_eq!(attempts, 2);
    let received = simulator.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["fiscal_code"], "RSSMRA80A01F205X");
    assert_eq!(received[0]["content"]["payment_data"]["amount"], 12_050);
    assert_eq!(received[0]["content"]["payment_data"]["notice_number"], "301000000000000144");

    // Not on IO, then on IO with the Comune's service turned off: nothing sent.
    assert_eq!(client.deliver(&giulia, &message(None), &pause).await, IoDelivery::NotOnIo);
    simulator.set_profile(giulia.as_str(), Some(SimulatedProfile::OptedOut));
    assert_eq!(client.deliver(&giulia, &message(None), &pause).await, IoDelivery::OptedOut);
    assert_eq!(simulator.received.lock().unwrap().len(), 1, "nothing sent to who is not reachable");

    // 429 twice, then accepted: two waits of IO's Retry-After (1 s), nobody slept.
    simulator.throttle_next(2);
    let IoDelivery::Sent { attempts, .. } = client.deliver(&mario, &message(None), &pause).await else { panic!("sent after the 429s") };
    assert_eq!(attempts, 4);
    assert_eq!(*waits.lock().unwrap(), vec![Duration::from_secs(1), Duration::from_secs(1)]);

    // 429 for longer than the attempts: a failure to try later.
    simulator.throttle_next(MAXIMUM_ATTEMPTS + 1);
    assert!(matches!(client.deliver(&mario, &message(None), &pause).await, IoDelivery::Failed { .. }));
    simulator.throttle_next(0);

    // Invalid: a notice above the service's largest amount, refused as it is.
    let IoDelivery::Invalid { detail } = client.deliver(&mario, &message(Some(150_001)), &pause).await else { panic!("invalid") };
    assert!(detail.contains("max_allowed_payment_amount"), "{detail}");

    // A wrong key is refused.
    let stranger = AppIo::new(&format!("{}/simulatore-io/api/v1", server.base_url), "chiave-sbagliata");
    assert!(matches!(stranger.deliver(&mario, &message(None), &pause).await, IoDelivery::Failed { .. }));

    // Every message IO took keeps the limits.
    for sent in simulator.received.lock().unwrap().iter() {
        let chars = |value: &serde_json::Value| value.as_str().unwrap().chars().count();
        assert!(IO_SUBJECT_CHARS.contains(&chars(&sent["content"]["subject"])), "{sent}");
        assert!(IO_MARKDOWN_CHARS.contains(&chars(&sent["content"]["markdown"])), "{sent}");
    }
    assert_eq!(simulator.received.lock().unwrap().len(), 2);
    server.stop().await;
}
