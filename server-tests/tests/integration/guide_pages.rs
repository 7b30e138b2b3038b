//! The guide over real HTTP, against SQLite and PostgreSQL.

use crate::support::{Backend, TestServer};

const SHEET_HOOKS_IN_ORDER: [&str; 13] = [
    "breadcrumb",
    "service-title",
    "service-status",
    "service-description",
    "service-topic",
    "page-index",
    "service-addressed",
    "service-how-to",
    "service-needed",
    "service-achieved",
    "service-calendar-text",
    "service-booking-access",
    "service-area",
];

fn position(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("missing {needle}"))
}

/// The text at the start of each element carrying `data-element="{hook}"`,
/// up to its first child tag or marker: what AgID's validator compares.
fn hook_texts(html: &str, hook: &str) -> Vec<String> {
    html.match_indices(&format!("data-element=\"{hook}\""))
        .map(|(at, _)| {
            let after = &html[at..];
            let text = &after[after.find('>').expect("the tag ends") + 1..];
            text[..text.find('<').unwrap_or(text.len())].trim().to_string()
        })
        .collect()
}

/// The opening tag carrying `data-element="{hook}"` (attributes in any order).
fn hook_tag<'a>(html: &'a str, hook: &str) -> &'a str {
    let at = position(html, &format!("data-element=\"{hook}\""));
    let start = html[..at].rfind('<').expect("inside a tag");
    &html[start..at + html[at..].find('>').expect("the tag ends") + 1]
}

async fn home_page_is_server_rendered_in_italian_without_wasm(server: &TestServer) {
    let response = server.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"it\""), "{}", &html[..200.min(html.len())]);
    assert!(html.contains("Servizi online del Comune di Rho"));
    assert!(html.contains("Accedi all&#39;area personale") || html.contains("Accedi all'area personale"));
    assert!(html.contains("rel=\"manifest\" href=\"/manifest.webmanifest\""));
    assert!(html.contains("sportello.delcittadino@comune.rho.mi.it"));
    assert!(html.contains("02.93.33.2.700"));
    assert!(html.contains(">Anagrafe<"), "topics are listed");
    assert!(!html.contains("sportello.wasm"), "a page without islands loads no WASM");
    let csp = headers["content-security-policy"].to_str().unwrap();
    // The home page is kept for every anonymous visitor: its inline scripts
    // (Leptos's resource tables) are allowed by their hashes (page_cache.rs).
    assert!(!csp.contains("'nonce-") && csp.contains("script-src 'self' 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    // Each inline script of a page rendered for its request (a search) carries
    // the nonce named in that page's own header.
    let response = server.get("/cerca?q=residenza").await;
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
    let cerca = response.text().await.unwrap();
    assert!(cerca.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")), "loader nonce differs from {nonce}");
    assert!(cerca.contains("sportello.js"), "the search page loads the island bundle");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
}

async fn service_sheet_has_the_model_sections_hooks_and_json_ld(server: &TestServer) {
    let (status, html) = server.get_text("/servizi/cambio-di-residenza").await;
    assert_eq!(status, 200);
    let mut last = 0;
    for hook in SHEET_HOOKS_IN_ORDER {
        let at = position(&html, &format!("data-element=\"{hook}\""));
        assert!(at > last || hook == "page-index" || hook == "breadcrumb", "{hook} out of order");
        if hook != "page-index" {
            last = at;
        }
    }
    for hook in ["service-file", "feedback", "feedback-title", "feedback-rate-1", "feedback-rate-5"] {
        position(&html, &format!("data-element=\"{hook}\""));
    }
    let sections = [
        "A chi è rivolto",
        "Descrizione",
        "Come fare",
        "Cosa serve",
        "Cosa si ottiene",
        "Tempi e scadenze",
        "Quanto costa",
        "Accedi al servizio",
        "Condizioni di servizio",
        "Contatti",
        "Documenti",
        "Argomenti",
        "Ultimo aggiornamento",
    ];
    let body = &html[position(&html, "class=\"sheet-body")..];
    let mut last = 0;
    for section in sections {
        let at = position(body, section);
        assert!(at >= last, "section {section} out of the model's order");
        last = at;
    }
    // The index as AgID's validator reads it: `[data-element="page-index"] > li > a`.
    assert!(hook_tag(&html, "page-index").starts_with("<ul"), "the index hook is on the list itself");
    let index = &html[position(&html, "data-element=\"page-index\"")..];
    let index = &index[..index.find("</ul>").unwrap()];
    let mut last = 0;
    for entry in
        ["A chi è rivolto", "Come fare", "Cosa serve", "Cosa si ottiene", "Tempi e scadenze", "Accedi al servizio", "Condizioni di servizio", "Contatti"]
    {
        let at = position(index, &format!(">{entry}<"));
        assert!(at >= last, "index entry {entry} out of the model's order");
        last = at;
    }
    assert!(hook_tag(&html, "metatag").contains("type=\"application/ld+json\""), "the JSON-LD block is the metatag hook");
    let json_start = position(&html, "<script type=\"application/ld+json\"");
    let json_body = &html[json_start..];
    let json_text = &json_body[json_body.find('>').unwrap() + 1..json_body.find("</script>").unwrap()];
    let json: serde_json::Value = serde_json::from_str(json_text).expect("JSON-LD parses");
    assert_eq!(json["@type"], "GovernmentService");
    assert_eq!(json["name"], "Cambio di residenza");
    assert_eq!(json["serviceOperator"]["name"], "Comune di Rho");
    let location = &json["availableChannel"]["serviceLocation"];
    assert_eq!(location["address"]["streetAddress"], "via De Amicis 1");
    assert_eq!(location["address"]["postalCode"], "20017");
    assert_eq!(location["address"]["addressLocality"], "Rho");
    assert!(location["name"].as_str().unwrap().contains("Sportello del Cittadino"), "{location}");
    assert!(!json["audience"]["audienceType"].as_str().unwrap().is_empty());
    assert!(html.contains("/moduli/cambio-di-residenza/dichiarazione-di-residenza.pdf"));
    assert!(!html.contains("sportello.wasm"), "reading a sheet downloads no WASM");
}

async fn unknown_pages_answer_404_with_a_clear_message(server: &TestServer) {
    let (status, html) = server.get_text("/servizi/non-esiste").await;
    assert_eq!(status, 404);
    assert!(html.contains("Servizio non trovato"));
    // An encoded separator is not a path in normal form: refused before any page.
    let (status, _) = server.get_text("/servizi/..%2F..%2Fetc").await;
    assert_eq!(status, 400);
    let (status, html) = server.get_text("/una/pagina/inesistente").await;
    assert_eq!(status, 404);
    assert!(html.contains("Pagina non trovata"));
    let (status, _) = server.get_text("/argomenti/nessuno").await;
    assert_eq!(status, 404);
    let (status, _) = server.get_text("/info/nessuna").await;
    assert_eq!(status, 404);
}

async fn italian_search_stems_folds_accents_and_ranks(server: &TestServer) {
    let (status, html) = server.get_text("/cerca?q=residenza").await;
    assert_eq!(status, 200);
    let results = &html[position(&html, "search-results-title")..];
    assert!(position(results, "Cambio di residenza") < results.find("Cambio di indirizzo").unwrap_or(usize::MAX));
    assert!(html.contains("value=\"residenza\""), "the query stays in the search field");
    let (_, html) = server.get_text("/cerca?q=rifiuti").await;
    let results = &html[position(&html, "search-results-title")..];
    assert!(results.contains("/servizi/tari-iscrizione"), "rifiuti finds the TARI sheet");
    let (_, html) = server.get_text("/cerca?q=citta").await;
    let results = &html[position(&html, "search-results-title")..];
    assert!(results.contains("/servizi/ritiro-ingombranti"), "citta finds città");
    let (_, html) = server.get_text("/cerca?q=xyzzy").await;
    assert!(html.contains("Nessun servizio corrisponde alla ricerca"));
}

async fn bad_search_input_gets_a_clear_page_and_status(server: &TestServer) {
    let long = "a".repeat(260);
    let (status, html) = server.get_text(&format!("/cerca?q={long}")).await;
    assert_eq!(status, 400);
    assert!(html.contains("La ricerca può contenere al massimo 200 caratteri"));
    assert!(html.contains("<title>Errore: "));
    let (status, html) = server.get_text("/cerca?q=%20%20").await;
    assert_eq!(status, 200);
    assert!(html.contains("Scrivi una o più parole"));
}

async fn search_suggestions_server_function_answers_json(server: &TestServer) {
    let response = server.client.get(server.url("/api/guide/suggest")).query(&[("query", "carta identita"), ("locale", "Italian")]).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let hits: serde_json::Value = response.json().await.unwrap();
    assert_eq!(hits[0]["slug"], "carta-identita-elettronica", "{hits}");
    assert!(hits.as_array().unwrap().len() <= 5);
}

async fn page_feedback_is_stored_aggregated_and_validated(server: &TestServer) {
    let post = |fields: Vec<(&'static str, String)>| {
        server
            .client
            .post(server.url("/api/guide/page-feedback"))
            .header("accept", "text/html")
            .header("referer", server.url("/servizi/tari-iscrizione"))
            .form(&fields)
            .send()
    };
    let page = || ("page", "/servizi/tari-iscrizione".to_string());
    // The form sends both questions' fields; the one of the stars' polarity counts.
    let response =
        post(vec![page(), ("rating", "4".into()), ("reason_positive", "chiare".into()), ("reason_negative", "non-chiare".into()), ("comment", "Utile".into())])
            .await
            .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/servizi/tari-iscrizione?valutazione=grazie");
    let (_, html) = server.get_text("/servizi/tari-iscrizione?valutazione=grazie").await;
    assert!(html.contains("Grazie, il tuo parere ci aiuterà a migliorare il servizio!"));

    let too_long = "è".repeat(201);
    let response = post(vec![page(), ("rating", "2".into()), ("reason_negative", "non-chiare".into()), ("comment", too_long.clone())]).await.unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("errore=commento"), "{location}");
    let (status, html) = server.get_text(&location).await;
    assert_eq!(status, 422);
    assert!(html.contains("Il dettaglio può contenere al massimo 200 caratteri"));
    assert!(html.contains(&too_long), "what was typed is kept");
    assert!(html.contains("value=\"non-chiare\" checked"), "the chosen answer is kept");

    let response = post(vec![page(), ("rating", "2".into()), ("reason_negative", "chiare".into())]).await.unwrap();
    assert!(response.headers()["location"].to_str().unwrap().contains("errore=motivo"));
    let response = post(vec![page(), ("comment", "senza stelle".into())]).await.unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("errore=valutazione"), "{location}");
    let (status, html) = server.get_text(&location).await;
    assert_eq!(status, 422);
    assert!(html.contains("Scegli da 1 a 5 stelle.") && html.contains("value=\"senza stelle\""));

    let response = post(vec![("page", "https://evil.example/".into()), ("rating", "5".into())]).await.unwrap();
    assert_eq!(response.headers()["location"], "/servizi");

    let ratings: serde_json::Value = server.get("/valutazioni.json").await.json().await.unwrap();
    let pages = ratings["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1, "only the valid rating was stored: {ratings}");
    assert_eq!(pages[0]["page"], "/servizi/tari-iscrizione");
    assert_eq!(pages[0]["responses"], 1);
    assert_eq!(pages[0]["positive"], 1);
    let (_, html) = server.get_text("/valutazioni").await;
    assert!(html.contains("TARI: iscrizione alla tassa sui rifiuti"));
    assert!(html.contains("4,0"));
}

async fn the_feedback_form_asks_both_follow_up_questions_as_the_model_words_them(server: &TestServer) {
    let (status, html) = server.get_text("/servizi/carta-identita-elettronica").await;
    assert_eq!(status, 200);
    let feedback = &html[position(&html, "data-element=\"feedback\"")..];
    for hook in (1..=5)
        .map(|stars| format!("feedback-rate-{stars}"))
        .chain(["feedback-title", "feedback-rating-negative", "feedback-rating-positive", "feedback-input-text"].map(String::from))
    {
        assert!(feedback.contains(&format!("data-element=\"{hook}\"")), "{hook} is missing");
    }
    // The wording AgID's validator compares, each text inside its hook.
    assert_eq!(hook_texts(feedback, "feedback-title"), ["Quanto sono chiare le informazioni su questa pagina?"]);
    assert_eq!(
        hook_texts(feedback, "feedback-rating-question"),
        ["Dove hai incontrato le maggiori difficoltà?", "Quali sono stati gli aspetti che hai preferito?"]
    );
    assert_eq!(
        hook_texts(feedback, "feedback-rating-answer"),
        [
            "A volte le indicazioni non erano chiare",
            "A volte le indicazioni non erano complete",
            "A volte non capivo se stavo procedendo correttamente",
            "Ho avuto problemi tecnici",
            "Altro",
            "Le indicazioni erano chiare",
            "Le indicazioni erano complete",
            "Capivo sempre che stavo procedendo correttamente",
            "Non ho avuto problemi tecnici",
            "Altro",
        ]
    );
    assert!(html.contains("name=\"page\" value=\"/servizi/carta-identita-elettronica\""));
    let (status, html) = server.get_text("/servizi/carta-identita-elettronica?valutazione=9").await;
    assert_eq!(status, 422);
    assert!(html.contains("Scegli da 1 a 5 stelle."));
}

async fn forms_download_as_real_pdfs(server: &TestServer) {
    let response = server.get("/moduli/cambio-di-residenza/dichiarazione-di-residenza.pdf").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() > 1000);
    assert_eq!(server.get("/moduli/cambio-di-residenza/non-esiste.pdf").await.status(), 404);
    assert_eq!(server.get("/moduli/non-esiste/modulo.pdf").await.status(), 404);
}

async fn sitemap_lists_every_public_page(server: &TestServer) {
    let response = server.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    let xml = response.text().await.unwrap();
    assert!(xml.contains("<loc>http://portale.test/servizi/cambio-di-residenza</loc>"));
    assert!(xml.contains("<loc>http://portale.test/argomenti/tributi</loc>"));
    assert!(xml.contains("<loc>http://portale.test/info/privacy</loc>"));
    assert!(xml.matches("/servizi/").count() >= 30, "every sheet is listed");
    // The charter's listening pages: in the sitemap and in every page's footer.
    let (_, home) = server.get_text("/").await;
    let footer = &home[home.find("<footer").expect("a footer")..];
    for page in ["/ascolto/richiesta-informazioni", "/ascolto/reclami", "/ascolto/questionari", "/carta-dei-servizi", "/prenota-appuntamento"] {
        assert!(xml.contains(&format!("<loc>http://portale.test{page}</loc>")), "{page} in the sitemap");
        assert!(footer.contains(&format!("href=\"{page}\"")), "{page} in the footer: {footer}");
    }
}

async fn health_and_metrics_report_the_running_service(server: &TestServer) {
    let response = server.get("/health").await;
    assert_eq!(response.status(), 200);
    let health: serde_json::Value = response.json().await.unwrap();
    assert_eq!(health["database"], "ok");
    let _ = server.get("/servizi").await;
    let metrics = server.get_text("/metrics").await.1;
    assert!(metrics.contains("http_requests_total"), "{metrics}");
}

async fn language_switch_sets_a_technical_cookie_and_translates(server: &TestServer) {
    let response = server.client.post(server.url("/lingua")).form(&[("lingua", "en"), ("ritorno", "/servizi")]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/servizi");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("lingua=en;") && cookie.contains("SameSite=Lax"), "{cookie}");
    let html = server.client.get(server.url("/servizi")).header("cookie", "lingua=en").send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Change of residence"));
    assert!(html.contains("Log in to your personal area"));
    let response = server.client.post(server.url("/lingua")).form(&[("lingua", "en"), ("ritorno", "//evil.example")]).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/");
}

async fn topics_and_editorial_pages_render(server: &TestServer) {
    let (status, html) = server.get_text("/argomenti/tributi").await;
    assert_eq!(status, 200);
    assert!(html.contains(">Imposte<"));
    assert!(html.contains("/servizi/imu-rimborso"));
    let (status, html) = server.get_text("/info/dichiarazione-di-accessibilita").await;
    assert_eq!(status, 200);
    assert!(html.contains("WCAG 2.1"));
    // Without the setting the notice says the contact is not configured here, never a made-up one.
    let (_, privacy) = server.get_text("/info/privacy").await;
    assert!(privacy.contains("non è configurato in questa installazione di prova"), "{privacy}");
    for processing in ["Accesso all&#39;area personale", "Pratiche online", "Pagamenti con pagoPA", "Email dello Sportello"] {
        assert!(privacy.contains(processing) || privacy.contains(&processing.replace("&#39;", "'")), "{processing} has no notice");
    }
    let (status, html) = server.get_text("/esempi/componenti").await;
    assert_eq!(status, 200);
    assert!(html.contains("sportello.js") || html.contains("leptos-island"), "the examples page hydrates islands");
}

/// The hooks and pages of the national model that AgID's validator looks for
/// from the home page: its list of services and of topics, and the footer's
/// legal notes (with the licence in the model's words) and improvement plan.
async fn the_home_page_and_footer_lead_where_the_model_asks(server: &TestServer) {
    let (_, home) = server.get_text("/").await;
    for (hook, href) in [("all-services", "/servizi"), ("all-topics", "/argomenti")] {
        assert!(hook_tag(&home, hook).contains(&format!("href=\"{href}\"")), "{hook} does not lead to {href}");
    }
    let footer = &home[position(&home, "<footer")..];
    for (hook, href) in [
        ("legal-notes", "/info/note-legali"),
        ("privacy-policy-link", "/info/privacy"),
        ("accessibility-link", "/info/dichiarazione-di-accessibilita"),
        ("faq", "/info/faq"),
        ("report-inefficiency", "/info/segnalazione-disservizio"),
        ("appointment-booking", "/prenota-appuntamento"),
    ] {
        assert!(hook_tag(footer, hook).contains(&format!("href=\"{href}\"")), "footer link {hook} does not lead to {href}");
    }
    // C.SI.2.1: from a service sheet, the validator goes to the list of
    // services through the menu, then to the booking page through its hook;
    // the sheet's own button books that service.
    let (_, sheet) = server.get_text("/servizi/carta-identita-elettronica").await;
    assert!(hook_tag(&sheet, "all-services").contains("href=\"/servizi\""), "the menu's services link");
    assert!(hook_tag(&sheet, "service-booking-access").contains("href=\"/prenota-appuntamento?servizio=carta-identita-elettronica\""));
    let (_, services) = server.get_text("/servizi").await;
    assert!(hook_tag(&services, "appointment-booking").contains("href=\"/prenota-appuntamento\""));
    assert!(footer.contains("Piano di miglioramento del sito"));
    let (status, _) = server.get_text("/info/piano-di-miglioramento").await;
    assert_eq!(status, 200);
    let (status, notes) = server.get_text("/info/note-legali").await;
    assert_eq!(status, 200);
    assert_eq!(hook_texts(&notes, "legal-notes-section"), ["Licenza dei contenuti"]);
    let body = hook_texts(&notes, "legal-notes-body");
    let licence = body.join(" ").replace('\'', "’");
    assert!(licence.starts_with("In applicazione del principio open by default ai sensi dell’articolo 52"), "{licence}");
    assert!(licence.contains("sono rilasciati con licenza CC-BY 4.0. Gli utenti sono quindi liberi di condividere"), "{licence}");
    assert!(licence.ends_with("con il solo onere di attribuzione, senza apporre restrizioni aggiuntive."), "{licence}");
    let (_, topics) = server.get_text("/argomenti").await;
    assert!(topics.matches("data-element=\"topic-element\"").count() >= 9);
}

async fn malformed_posts_get_a_clear_answer_never_a_server_error(server: &TestServer) {
    for body in ["", "rating=5", "page=%FF%FE&rating=x", "garbage"] {
        let response = server
            .client
            .post(server.url("/api/guide/page-feedback"))
            .header("accept", "text/html")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{body:?} answered {}", response.status());
        assert_eq!(response.headers()["location"], "/servizi", "{body:?}");
    }
    let response = server.client.post(server.url("/lingua")).header("content-type", "application/json").body("{}").send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    let ratings: serde_json::Value = server.get("/valutazioni.json").await.json().await.unwrap();
    assert_eq!(ratings["pages"].as_array().unwrap().len(), 0, "nothing malformed was stored");
}

on_both_databases!(
    malformed_posts_get_a_clear_answer_never_a_server_error,
    home_page_is_server_rendered_in_italian_without_wasm,
    service_sheet_has_the_model_sections_hooks_and_json_ld,
    unknown_pages_answer_404_with_a_clear_message,
    italian_search_stems_folds_accents_and_ranks,
    bad_search_input_gets_a_clear_page_and_status,
    search_suggestions_server_function_answers_json,
    page_feedback_is_stored_aggregated_and_validated,
    the_feedback_form_asks_both_follow_up_questions_as_the_model_words_them,
    forms_download_as_real_pdfs,
    sitemap_lists_every_public_page,
    health_and_metrics_report_the_running_service,
    language_switch_sets_a_technical_cookie_and_translates,
    topics_and_editorial_pages_render,
    the_home_page_and_footer_lead_where_the_model_asks,
);

#[tokio::test]
async fn the_comunes_settings_reach_the_footer_and_the_privacy_notice() {
    let published = "https://form.agid.gov.it/view/0b7f3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    let server = TestServer::start_with(Backend::Sqlite, |config| {
        config.accessibility_statement_url = Some(published.into());
        config.data_protection_officer = Some("rpd@comune.rho.mi.it".into());
    })
    .await;
    let (_, privacy) = server.get_text("/info/privacy").await;
    assert!(privacy.contains("Responsabile della protezione dei dati") && privacy.contains("rpd@comune.rho.mi.it"), "{privacy}");
    let (_, home) = server.get_text("/").await;
    assert!(hook_tag(&home, "accessibility-link").contains(&format!("href=\"{published}\"")));
    // The local page keeps the statement's content.
    let (status, statement) = server.get_text("/info/dichiarazione-di-accessibilita").await;
    assert_eq!(status, 200);
    assert!(statement.contains("Stato di conformità") && statement.contains("WCAG 2.1 livello AA"));
    server.stop().await;
}

#[tokio::test]
async fn sqlite_database_is_created_on_first_start_in_wal_mode() {
    let server = TestServer::start_on_empty_database(Backend::Sqlite).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(server.pool()).await.unwrap();
    assert_eq!(mode, "wal");
    server.stop().await;
}

#[tokio::test]
async fn hsts_is_sent_when_the_portal_is_served_over_tls() {
    let server = TestServer::start_with(Backend::Sqlite, |config| config.public_url = "https://servizi.example".into()).await;
    let response = server.get("/").await;
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_start_together_on_one_postgres_database() {
    // Content loading is idempotent and transactional: instances behind a load
    // balancer can start at the same moment on the same database. The second
    // reads its own files (`server::start`), as a real instance does.
    let owner = TestServer::start(Backend::Postgres).await;
    let shared_url = owner.database_url.clone();
    let (first, second) =
        tokio::join!(crate::support::start_server(crate::support::test_config(shared_url.clone())), server::start(crate::support::test_config(shared_url)));
    let (first, second) = (first.expect("first instance starts"), second.expect("second instance starts"));
    for instance in [&first, &second] {
        let html = owner.client.get(format!("http://{}/servizi/tari-iscrizione", instance.address)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("TARI: iscrizione alla tassa sui rifiuti"));
    }
    first.stop().await;
    second.stop().await;
    owner.stop().await;
}

/// The content, the search index and the pagoPA XSDs are read and built once
/// per test process: every test server shares them, while each still writes
/// the content into its own database and searches it.
#[tokio::test]
async fn test_servers_share_the_files_read_once_per_process() {
    let sqlite = TestServer::start(Backend::Sqlite).await;
    let postgres = TestServer::start(Backend::Postgres).await;
    assert!(std::sync::Arc::ptr_eq(sqlite.prepared(), postgres.prepared()), "each server read the files again");
    assert!(std::sync::Arc::ptr_eq(sqlite.prepared(), &crate::support::prepared_files()));
    for server in [&sqlite, &postgres] {
        let (status, html) = server.get_text("/cerca?q=rifiuti").await;
        assert_eq!(status, 200);
        assert!(html[position(&html, "search-results-title")..].contains("/servizi/tari-iscrizione"), "the shared index finds the TARI sheet");
        let (status, html) = server.get_text("/servizi/tari-iscrizione").await;
        assert_eq!(status, 200);
        assert!(html.contains("TARI: iscrizione alla tassa sui rifiuti"), "the content was written into this server's database");
    }
    sqlite.stop().await;
    postgres.stop().await;
}
