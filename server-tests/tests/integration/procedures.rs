//! The procedure catalogue over real HTTP on SQLite and PostgreSQL: what is
//! live, the start pages, the sitemap, and versions (repository changes,
//! an administrator's publication, withdrawals).

use crate::support::*;
use app::practices::procedure::{FieldKind, ProcedureDefinition};
use server::practices::definitions::{load_repository_procedures, publish_procedure_file_as_administrator, publish_repository_procedures, PublicationSource};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content")
}

fn repository_procedures() -> Vec<ProcedureDefinition> {
    let content = server::guide::content::GuideContent::load(&content_dir()).unwrap();
    load_repository_procedures(&content_dir(), &content).unwrap()
}

/// `/pratiche/<slug>` links in a page, in order of first appearance.
fn procedure_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for piece in html.split("href=\"/pratiche/").skip(1) {
        let slug = piece.split('"').next().unwrap().to_string();
        if !links.contains(&slug) {
            links.push(slug);
        }
    }
    links
}

async fn current_version(server: &TestServer, slug: &str) -> (i64, String) {
    let row: (i64, String) = sqlx::query_as(
        "SELECT p.current_version, v.source FROM procedures p JOIN procedure_versions v ON v.slug = p.slug AND v.version = p.current_version WHERE p.slug = $1",
    )
    .bind(slug)
    .fetch_one(server.pool())
    .await
    .unwrap();
    row
}

async fn the_catalogue_lists_at_least_fifteen_procedures_in_four_themes(server: &TestServer) {
    let (status, html) = server.get_text("/pratiche").await;
    assert_eq!(status, 200);
    let links = procedure_links(&html);
    assert!(links.len() >= 15, "the charter promises at least 15 procedures online; the catalogue shows {}", links.len());
    let themes = html.matches("id=\"tema-").count();
    assert!(themes >= 4, "at least 4 themes, found {themes}");
    for expected in ["accesso-civico-generalizzato", "accesso-agli-atti", "tari-iscrizione", "imu-rimborso"] {
        assert!(links.iter().any(|slug| slug == expected), "{expected} is missing from the catalogue");
    }
    assert_eq!(links.len(), repository_procedures().len(), "every repository procedure is live");
    assert!(html.contains("<title>Pratiche online · Comune di Rho</title>"));
}

async fn a_start_page_says_what_is_needed_before_anything_is_asked(server: &TestServer) {
    let (status, html) = server.get_text("/pratiche/tari-iscrizione").await;
    assert_eq!(status, 200);
    let html = html.replace("&#x27;", "'");
    for expected in [
        "<h1 class=\"page-title\">TARI: iscrizione (inizio occupazione)</h1>",
        "Contratto di affitto, atto di acquisto o di comodato",
        "entro 60 giorni di calendario",
        "il termine si ferma finché non rispondi",
        "Presentare la domanda è gratuito.",
        "Area Tributi – Ufficio TARI e IMU",
        "Responsabile del Servizio Tributi – Ufficio TARI",
        "livello 2",
        "Versione del modulo: 1",
        "href=\"/servizi/tari-iscrizione\"",
        "Piazza Visconti 23",
    ] {
        assert!(html.contains(expected), "the start page lacks {expected:?}");
    }
    let (_, paid) = server.get_text("/pratiche/copia-rapporto-incidente").await;
    assert!(paid.contains("25,00 €: Diritti di ricerca e copia del rapporto di incidente."), "a fixed fee is shown in euro");
    let (_, working) = server.get_text("/pratiche/rateizzazione-tributi").await;
    assert!(working.contains("entro 30 giorni lavorativi"));
    for unknown in ["/pratiche/inesistente", "/pratiche/TARI-ISCRIZIONE"] {
        assert_eq!(server.get(unknown).await.status().as_u16(), 404, "{unknown}");
    }
    assert_eq!(server.get("/pratiche/..%2Fadmin").await.status().as_u16(), 400, "an encoded separator is refused before any page");
}

async fn each_service_sheet_leads_to_its_procedure(server: &TestServer) {
    for procedure in repository_procedures() {
        let Some(sheet) = &procedure.service_sheet else { continue };
        let (status, html) = server.get_text(&format!("/servizi/{sheet}")).await;
        assert_eq!(status, 200);
        let button = format!("href=\"/pratiche/{}\" data-element=\"service-online-access\"", procedure.slug);
        assert!(html.contains(&button), "the sheet {sheet} has no online access button to its procedure");
    }
}

async fn the_sitemap_lists_every_start_page(server: &TestServer) {
    let (status, xml) = server.get_text("/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(xml.contains("<loc>http://portale.test/pratiche</loc>"));
    for procedure in repository_procedures() {
        assert!(xml.contains(&format!("<loc>http://portale.test/pratiche/{}</loc>", procedure.slug)), "{} missing", procedure.slug);
    }
}

async fn the_definition_reaches_the_client_through_its_server_function(server: &TestServer) {
    let response = server.client.post(server.url("/api/practices/procedure")).form(&[("slug", "imu-rimborso"), ("locale", "Italian")]).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let published: app::practices::model::PublishedProcedure = response.json().await.unwrap();
    assert_eq!(published.version, 1);
    assert!(published.definition.fields().any(|(_, field)| field.kind == FieldKind::Iban));
}

async fn versions_follow_the_repository_and_the_administrator(server: &TestServer) {
    let pool = server.pool();
    let mut procedures = repository_procedures();
    // A restart with the same files publishes nothing.
    publish_repository_procedures(pool, &procedures).await.unwrap();
    assert_eq!(current_version(server, "accesso-civico-semplice").await, (1, "repository".into()));

    // An administrator publishes a new version from a file, without a code change.
    let mut changed = procedures.iter().find(|p| p.slug == "accesso-civico-semplice").unwrap().clone();
    changed.summary = "Segnala un dato mancante in Amministrazione trasparente (versione rivista).".into();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), toml::to_string(&changed).unwrap()).unwrap();
    let publication = publish_procedure_file_as_administrator(pool, &content_dir(), file.path()).await.unwrap();
    assert!(publication.newly_published);
    assert_eq!(current_version(server, "accesso-civico-semplice").await, (2, "administrator".into()));
    let (_, html) = server.get_text("/pratiche/accesso-civico-semplice").await;
    assert!(html.contains("versione rivista") && html.contains("Versione del modulo: 2"));
    // Publishing the same file again changes nothing; a restart keeps the administrator's version.
    assert!(!publish_procedure_file_as_administrator(pool, &content_dir(), file.path()).await.unwrap().newly_published);
    publish_repository_procedures(pool, &procedures).await.unwrap();
    assert_eq!(current_version(server, "accesso-civico-semplice").await.0, 2);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'procedure_published' AND subject = 'accesso-civico-semplice'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // A broken definition is refused with the reason and publishes nothing.
    changed.office = "ufficio-inesistente".into();
    std::fs::write(file.path(), toml::to_string(&changed).unwrap()).unwrap();
    let refusal = publish_procedure_file_as_administrator(pool, &content_dir(), file.path()).await.unwrap_err();
    assert!(format!("{refusal:#}").contains("unknown office ufficio-inesistente"), "{refusal:#}");
    assert_eq!(current_version(server, "accesso-civico-semplice").await.0, 2);

    // A changed repository file is a new version again; the old ones stay for filed practices.
    let repository_change = procedures.iter_mut().find(|p| p.slug == "accesso-civico-semplice").unwrap();
    repository_change.title = "Accesso civico semplice (nuovo modulo)".into();
    publish_repository_procedures(pool, &procedures).await.unwrap();
    assert_eq!(current_version(server, "accesso-civico-semplice").await, (3, "repository".into()));
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM procedure_versions WHERE slug = 'accesso-civico-semplice'").fetch_one(pool).await.unwrap();
    assert_eq!(versions, 3);

    // A procedure the repository drops leaves the catalogue and its page, not the database.
    let before = procedure_links(&server.get_text("/pratiche").await.1).len();
    procedures.retain(|p| p.slug != "albo-scrutatori");
    publish_repository_procedures(pool, &procedures).await.unwrap();
    let (_, html) = server.get_text("/pratiche").await;
    assert_eq!(procedure_links(&html).len(), before - 1);
    assert_eq!(server.get("/pratiche/albo-scrutatori").await.status().as_u16(), 404);
    assert!(!server.get_text("/sitemap.xml").await.1.contains("/pratiche/albo-scrutatori<"));
    // …and comes back when the repository brings it back.
    publish_repository_procedures(pool, &repository_procedures()).await.unwrap();
    assert_eq!(server.get("/pratiche/albo-scrutatori").await.status().as_u16(), 200);
    let _ = PublicationSource::Repository;
}

async fn instances_starting_together_publish_each_version_once(server: &TestServer) {
    let procedures = repository_procedures();
    let mut changed = procedures.clone();
    for definition in &mut changed {
        definition.summary.push_str(" (aggiornata)");
    }
    let starts = (0..4).map(|_| {
        let pool = server.pool().clone();
        let changed = changed.clone();
        tokio::spawn(async move { publish_repository_procedures(&pool, &changed).await })
    });
    // Spawned all before any is awaited: they really run at once.
    let starts: Vec<_> = starts.collect();
    for start in starts {
        start.await.unwrap().unwrap();
    }
    let versions: Vec<(String, i64)> =
        sqlx::query_as("SELECT slug, MAX(version) FROM procedure_versions GROUP BY slug").fetch_all(server.pool()).await.unwrap();
    let distinct: BTreeSet<i64> = versions.iter().map(|(_, version)| *version).collect();
    assert_eq!(distinct, BTreeSet::from([2]), "each changed definition became exactly version 2: {versions:?}");
}

on_both_databases!(
    the_catalogue_lists_at_least_fifteen_procedures_in_four_themes,
    a_start_page_says_what_is_needed_before_anything_is_asked,
    each_service_sheet_leads_to_its_procedure,
    the_sitemap_lists_every_start_page,
    the_definition_reaches_the_client_through_its_server_function,
    instances_starting_together_publish_each_version_once,
);

// Publishing here runs beside the server, as a start or the command line
// would: the kept pages hear of it from PostgreSQL, or refresh within a
// minute on SQLite (`page_cache.rs` shows both); this test is about versions.
on_both_databases!(configured_with without_page_cache; versions_follow_the_repository_and_the_administrator);
