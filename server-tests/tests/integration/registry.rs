//! The registry certificates are issued from: the demo's synthetic
//! population, read through the `RegistrySource` port.

use crate::support::*;
use app::certificates::registry::{LifeStatus, Relationship};
use server::certificates::registry::{LocalRegistry, RegistrySource};

fn with_demo_data(config: &mut server::config::Config) {
    config.demo_data = true;
    config.demo_registry_families = server::certificates::demo_registry::DEMO_REGISTRY_FAMILIES;
}

async fn the_demo_registry_answers_for_a_person_and_the_family_unit(server: &TestServer) {
    let registry = LocalRegistry { pool: server.pool().clone() };
    let mario = registry.person("RSSMRA80A01F205X").await.unwrap().expect("the demo citizen is a resident");
    assert_eq!((mario.given_name.as_str(), mario.relationship, mario.life_status), ("Mario", Relationship::Head, LifeStatus::Resident));
    assert!(mario.is_italian() && mario.political_rights);
    let family: Vec<String> = registry.family_of("RSSMRA80A01F205X").await.unwrap().into_iter().map(|person| person.given_name).collect();
    assert_eq!(family, ["Mario", "Giuseppe", "Laura", "Luca", "Sofia"], "the head first, then by age (his late father too)");
    assert!(registry.person("ZZZZZZ80A01F205X").await.unwrap().is_none());
    assert!(registry.family_of("ZZZZZZ80A01F205X").await.unwrap().is_empty());
    assert!(!registry.procedure_in_progress("RSSMRA80A01F205X").await.unwrap());
    let changing: String =
        sqlx::query_scalar("SELECT p.fiscal_code FROM registry_people p JOIN registry_procedures r ON r.person_id = p.id ORDER BY p.id LIMIT 1")
            .fetch_one(server.pool())
            .await
            .unwrap();
    assert!(registry.procedure_in_progress(&changing).await.unwrap());
    let deceased: String = sqlx::query_scalar("SELECT fiscal_code FROM registry_people WHERE life_status = 'deceduto' ORDER BY id LIMIT 1")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(registry.person(&deceased).await.unwrap().unwrap().life_status, LifeStatus::Deceased);
    // Rho's size, written once: loading again (every start with demo data) adds nobody.
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM registry_people").fetch_one(server.pool()).await.unwrap() };
    let people = count().await;
    assert!((48_000..53_000).contains(&people), "{people}");
    server::certificates::demo_registry::load_demo_registry(server.pool(), time::OffsetDateTime::now_utc().date(), 10).await.unwrap();
    assert_eq!(count().await, people);
}

on_both_databases!(configured_with with_demo_data; the_demo_registry_answers_for_a_person_and_the_family_unit);
