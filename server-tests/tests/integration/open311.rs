//! Open311 GeoReport v2 at `/open311/v2/` over real HTTP, on SQLite and
//! PostgreSQL: every endpoint in both formats, each XML answer parsed and
//! compared with its JSON twin (the same data), the specification's
//! examples' shapes, the three error codes as lists of `{code,
//! description}`, the filters and the default window of 90 days and 1,000
//! requests, keys issued and revoked by an administrator, and no personal
//! data in any public answer.

use crate::certificates::{create_staff, log_in_staff};
use crate::reports::file_test_report;
use crate::support::*;
use serde_json::Value;

const ADMINISTRATOR: &str = "VRDLCU75C15F205E";
const ENVIRONMENT_CLERK: &str = "BNCGLI85M52F205H";

/// The elements whose children are a list's items.
const ITEM_TAGS: [&str; 5] = ["service", "request", "error", "attribute", "value"];

/// An XML answer read into the JSON shape: a list where the children are
/// items, a record otherwise, text for a leaf, null for an empty element.
fn xml_as_json(xml: &str) -> Result<Value, String> {
    use quick_xml::events::Event;
    enum Node {
        Element(String, Vec<Node>, String),
    }
    fn convert(node: &Node) -> Value {
        let Node::Element(_, children, text) = node;
        if children.is_empty() {
            return if text.is_empty() { Value::Null } else { Value::String(text.clone()) };
        }
        if children.iter().all(|Node::Element(tag, _, _)| ITEM_TAGS.contains(&tag.as_str())) {
            return Value::Array(children.iter().map(convert).collect());
        }
        Value::Object(
            children
                .iter()
                .map(|child| {
                    (
                        match child {
                            Node::Element(tag, _, _) => tag.clone(),
                        },
                        convert(child),
                    )
                })
                .collect(),
        )
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let mut declared = false;
    loop {
        match reader.read_event().map_err(|error| format!("not well-formed: {error}"))? {
            Event::Decl(declaration) => {
                let encoding = declaration.encoding().and_then(Result::ok).map(|value| String::from_utf8_lossy(&value).to_uppercase());
                declared = encoding.as_deref() == Some("UTF-8");
            }
            Event::Start(element) => stack.push(Node::Element(String::from_utf8_lossy(element.name().as_ref()).into_owned(), Vec::new(), String::new())),
            Event::Empty(element) => {
                let node = Node::Element(String::from_utf8_lossy(element.name().as_ref()).into_owned(), Vec::new(), String::new());
                match stack.last_mut() {
                    Some(Node::Element(_, children, _)) => children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(text) => {
                if let Some(Node::Element(_, _, content)) = stack.last_mut() {
                    content.push_str(&text.decode().map_err(|error| error.to_string())?);
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|error| error.to_string())? {
                    Some(character) => character.to_string(),
                    None => match reference.decode().map_err(|error| error.to_string())?.as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(format!("unknown entity {other}")),
                    },
                };
                if let Some(Node::Element(_, _, content)) = stack.last_mut() {
                    content.push_str(&resolved);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("an end without a start")?;
                match stack.last_mut() {
                    Some(Node::Element(_, children, _)) => children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !declared {
        return Err("no XML declaration with encoding=\"UTF-8\"".into());
    }
    Ok(convert(&root.ok_or("no root element")?))
}

/// JSON as XML can say it: scalars as text, empty text and empty lists as null.
fn normalized(value: &Value) -> Value {
    match value {
        Value::String(text) if text.is_empty() => Value::Null,
        Value::Number(number) => Value::String(number.to_string()),
        Value::Bool(flag) => Value::String(flag.to_string()),
        Value::Array(items) if items.is_empty() => Value::Null,
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Object(fields) => Value::Object(fields.iter().map(|(name, field)| (name.clone(), normalized(field))).collect()),
        other => other.clone(),
    }
}

/// The two formats of one resource (`path` without its extension, with an
/// optional query): both with the same status, the XML parsed and carrying
/// the same data as the JSON. Returns the status and the JSON.
async fn both_formats(server: &TestServer, path: &str) -> (u16, Value) {
    let (resource, query) = path.split_once('?').map(|(resource, query)| (resource, format!("?{query}"))).unwrap_or((path, String::new()));
    let json = server.get(&format!("{resource}.json{query}")).await;
    let status = json.status().as_u16();
    assert_eq!(json.headers()["content-type"], "application/json; charset=utf-8");
    let json: Value = json.json().await.unwrap();
    let xml = server.get(&format!("{resource}.xml{query}")).await;
    assert_eq!(xml.status().as_u16(), status, "{path}: the same status in both formats");
    assert_eq!(xml.headers()["content-type"], "text/xml; charset=utf-8");
    let xml = xml.text().await.unwrap();
    xml_well_formed(&xml).unwrap_or_else(|error| panic!("{path}.xml: {error}\n{xml}"));
    let parsed = xml_as_json(&xml).unwrap_or_else(|error| panic!("{path}.xml: {error}\n{xml}"));
    assert_eq!(normalized(&parsed), normalized(&json), "{path}: XML and JSON carry the same data\n{xml}\n{json}");
    (status, json)
}

/// Posts a request in one format: status, and the body as JSON (the XML
/// parsed and read the same way).
async fn post_request(server: &TestServer, format: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    // An application's own client: no browser cookie, no CSRF token.
    let client = reqwest::Client::new();
    let response = client.post(server.url(&format!("/open311/v2/requests.{format}"))).form(fields).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = match format {
        "json" => serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}")),
        _ => {
            xml_well_formed(&text).unwrap_or_else(|error| panic!("{error}\n{text}"));
            normalized(&xml_as_json(&text).unwrap_or_else(|error| panic!("{error}\n{text}")))
        }
    };
    (status, value)
}

/// The good fields with some changed (an empty value removes the field).
fn with_changes<'a>(good: &[(&'a str, &'a str)], changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> = good.iter().copied().filter(|(name, _)| !changes.iter().any(|(changed, _)| changed == name)).collect();
    fields.extend(changes.iter().copied().filter(|(_, value)| !value.is_empty()));
    fields
}

/// The error list's one entry: its code and description.
fn error_of(answer: &Value) -> (i64, String) {
    let error = &answer.as_array().expect("a list of errors")[0];
    let code = match &error["code"] {
        Value::Number(number) => number.as_i64().unwrap(),
        Value::String(text) => text.parse().unwrap(),
        other => panic!("code {other}"),
    };
    (code, error["description"].as_str().unwrap_or_default().to_string())
}

async fn administrator(server: &TestServer) -> Browser {
    let admin = create_staff(server, ADMINISTRATOR, &[]).await;
    sqlx::query("UPDATE accounts SET role = 'administrator' WHERE id = $1").bind(&admin).execute(server.pool()).await.unwrap();
    log_in_staff(server, ADMINISTRATOR).await
}

/// An administrator issues a key to a named application: shown once, audited.
async fn issue_key(administrator: &mut Browser, name: &str) -> String {
    let response = administrator.post_form("/amministrazione/segnalazioni/open311", &[("nome_applicazione", name)]).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let key = page.split("data-testid=\"open311-key\"").nth(1).and_then(|rest| rest.split('>').nth(1)).and_then(|rest| rest.split('<').next()).unwrap();
    assert!(key.starts_with("o311-") && key.len() > 60, "{page}");
    assert!(page.contains(name));
    let (_, again) = administrator.get_text("/amministrazione/segnalazioni").await;
    assert!(again.contains(name) && !again.contains(key), "the key is shown once only");
    key.to_string()
}

async fn audited(server: &TestServer, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1").bind(action).fetch_one(server.pool()).await.unwrap()
}

async fn services_and_their_definitions(server: &TestServer) {
    let (status, services) = both_formats(server, "/open311/v2/services").await;
    assert_eq!(status, 200);
    let services = services.as_array().unwrap();
    let codes: Vec<&str> = services.iter().map(|service| service["service_code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["strade", "marciapiedi", "verde-pubblico", "degrado", "segnaletica", "servizi-pubblici", "edifici-pubblici", "animali"]);
    let roads = &services[0];
    assert_eq!(roads["service_name"], "Strade");
    assert_eq!(roads["metadata"], true, "roads have extra questions");
    assert_eq!(roads["type"], "realtime");
    assert_eq!(services[1]["metadata"], false);
    assert!(roads["group"].as_str().unwrap().contains("Lavori Pubblici"), "{roads}");
    // English for a client asking for it.
    let english: Value = reqwest::Client::new()
        .get(server.url("/open311/v2/services.json"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(english[0]["service_name"], "Roads");

    let (status, animals) = both_formats(server, "/open311/v2/services/animali").await;
    assert_eq!(status, 200);
    assert_eq!(animals["service_code"], "animali");
    let attributes = animals["attributes"].as_array().unwrap();
    assert_eq!(attributes.len(), 2);
    let kind = &attributes[0];
    assert_eq!(
        (kind["code"].as_str(), kind["datatype"].as_str(), &kind["required"], &kind["order"]),
        (Some("animale"), Some("singlevaluelist"), &Value::Bool(false), &Value::from(1))
    );
    assert_eq!(kind["variable"], true);
    assert_eq!(kind["description"], "Di che animale si tratta?");
    let keys: Vec<&str> = kind["values"].as_array().unwrap().iter().map(|value| value["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["cane", "gatto", "uccello", "insetti", "altro"]);
    let (status, pavements) = both_formats(server, "/open311/v2/services/marciapiedi").await;
    assert_eq!((status, pavements["attributes"].as_array().map(Vec::len)), (200, Some(0)));

    // 404 for what does not exist, in the asked format, as a list.
    let (status, missing) = both_formats(server, "/open311/v2/services/nessuno").await;
    assert_eq!(status, 404);
    assert_eq!(error_of(&missing), (404, "Nessun servizio ha il codice «nessuno».".to_string()));
    let (status, unknown) = both_formats(server, "/open311/v2/servizi").await;
    assert_eq!((status, error_of(&unknown).0), (404, 404));
    let response = server.get("/open311/v2/services.csv").await;
    assert_eq!(response.status(), 404);
    let xml = response.text().await.unwrap();
    assert!(xml.contains("<errors><error><code>404</code><description>"), "{xml}");
    xml_well_formed(&xml).unwrap();

    // A deactivated category is no service.
    sqlx::query("UPDATE report_categories SET active = 0 WHERE code = 'animali'").execute(server.pool()).await.unwrap();
    let (_, services) = both_formats(server, "/open311/v2/services").await;
    assert_eq!(services.as_array().unwrap().len(), 7);
    assert_eq!(both_formats(server, "/open311/v2/services/animali").await.0, 404);
}

on_both_databases!(services_and_their_definitions);

async fn an_application_files_requests_with_its_key(server: &TestServer) {
    let mut administrator = administrator(server).await;
    // A name is needed; the mistake comes back on the page, named.
    let response = administrator.post_form("/amministrazione/segnalazioni/open311", &[("nome_applicazione", "x")]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Scrivi il nome dell"));
    let key = issue_key(&mut administrator, "App Rho Segnala").await;
    assert_eq!(audited(server, "open311_key_issued").await, 1);

    let good = [
        ("api_key", key.as_str()),
        ("service_code", "animali"),
        ("lat", "45.5297"),
        ("long", "9.0401"),
        ("description", "Un cane ferito vicino alla fermata dell'autobus. Sembra spaventato."),
        ("attribute[animale]", "cane"),
        ("attribute[ferito]", "si"),
        ("first_name", "Giulia"),
        ("last_name", "Verdi"),
        ("email", "giulia.verdi@example.it"),
        ("phone", "+39 333 1234567"),
        ("media_url", "https://example.org/foto/cane.jpg"),
    ];
    // 403: no key, a wrong key; in both formats.
    let without: Vec<(&str, &str)> = good.iter().copied().filter(|(name, _)| *name != "api_key").collect();
    let (status, answer) = post_request(server, "json", &without).await;
    assert_eq!((status, error_of(&answer).0), (403, 403));
    assert!(error_of(&answer).1.contains("Manca api_key"));
    let mut wrong = without.clone();
    wrong.push(("api_key", "o311-sbagliata"));
    let (status, answer) = post_request(server, "xml", &wrong).await;
    assert_eq!((status, error_of(&answer)), (403, (403, "api_key non valida o revocata.".to_string())));

    // 400: every other mistake, named.
    let with = |changes: &[(&'static str, &'static str)]| with_changes(&good, changes);
    for (changes, expected) in [
        (vec![("service_code", "")], "Manca il parametro obbligatorio service_code."),
        (vec![("service_code", "draghi")], "service_code «draghi» non è un servizio attivo"),
        (vec![("lat", ""), ("long", "")], "Indica dove"),
        (vec![("lat", "41.9"), ("long", "12.5")], "fuori dal territorio del Comune di Rho"),
        (vec![("lat", ""), ("long", ""), ("address_string", "via Roma 1")], "deve cominciare con una via dello stradario di Rho"),
        (vec![("lat", ""), ("long", ""), ("address_string", "via Madonna")], "aggiungi il numero civico"),
        (vec![("description", "Cane")], "description deve avere almeno 10 caratteri."),
        (vec![("description", "")], "Manca il parametro obbligatorio description."),
        (vec![("attribute[animale]", "drago")], "attribute[animale] deve essere una delle chiavi"),
        (vec![("attribute[colore]", "nero")], "Il servizio non ha l'attributo «colore»"),
        (vec![("media_url", "javascript:alert(1)")], "media_url deve essere un indirizzo http o https"),
    ] {
        for format in ["json", "xml"] {
            let (status, answer) = post_request(server, format, &with(&changes)).await;
            let (code, description) = error_of(&answer);
            assert_eq!((status, code), (400, 400), "{changes:?} {format}: {answer}");
            assert!(description.contains(expected), "{changes:?}: {description}");
        }
    }
    // A required attribute (the administrator can make one so) must be there.
    sqlx::query("UPDATE report_category_questions SET required = 1 WHERE code = 'ferito'").execute(server.pool()).await.unwrap();
    let (status, answer) = post_request(server, "json", &with(&[("attribute[ferito]", "")])).await;
    assert_eq!((status, error_of(&answer).1.as_str()), (400, "Manca attribute[ferito], obbligatorio per questo servizio."));
    let (_, definition) = both_formats(server, "/open311/v2/services/animali").await;
    assert_eq!(definition["attributes"][1]["required"], true);

    // Filed: the number at once, and a token for it.
    let (status, answer) = post_request(server, "json", &good).await;
    assert_eq!(status, 200, "{answer}");
    let filed = &answer[0];
    let number = filed["service_request_id"].as_str().unwrap().to_string();
    let token = filed["token"].as_str().unwrap().to_string();
    assert!(number.ends_with("-000001") && filed["account_id"].is_null(), "{answer}");
    assert_eq!(filed["service_notice"], "Risposta entro 30 giorni lavorativi.");
    assert_eq!(audited(server, "open311_report_filed").await, 1);
    // In XML, by a street of Rho and a house number.
    let by_address = with(&[
        ("lat", ""),
        ("long", ""),
        ("address_string", "Via Madonna 12"),
        ("service_code", "strade"),
        ("attribute[animale]", ""),
        ("attribute[ferito]", ""),
        ("attribute[pericolo]", "si"),
    ]);
    let (status, answer) = post_request(server, "xml", &by_address).await;
    assert_eq!(status, 200, "{answer}");
    let second = answer[0]["service_request_id"].as_str().unwrap().to_string();

    // Read back: the request with its public facts, never who reported.
    let (status, one) = both_formats(server, &format!("/open311/v2/requests/{number}")).await;
    assert_eq!(status, 200);
    let request = &one[0];
    assert_eq!(request["service_request_id"], number.as_str());
    assert_eq!(
        (request["status"].as_str(), request["service_code"].as_str(), request["service_name"].as_str()),
        (Some("open"), Some("animali"), Some("Animali"))
    );
    assert_eq!(request["description"], "Un cane ferito vicino alla fermata dell'autobus. Sembra spaventato.");
    assert_eq!((request["lat"].as_str(), request["long"].as_str(), request["zipcode"].as_str()), (Some("45.529700"), Some("9.040100"), Some("20017")));
    assert!(request["agency_responsible"].as_str().unwrap().contains("Ambiente"), "{request}");
    let requested = request["requested_datetime"].as_str().unwrap();
    assert!(requested.len() == 25 && (requested.ends_with("+01:00") || requested.ends_with("+02:00")), "ISO 8601 with the offset: {requested}");
    assert!(request["expected_datetime"].as_str().unwrap().contains("T23:59:59+0"));
    assert!(request["media_url"].is_null(), "the client's link is the office's only");
    let text = one.to_string();
    for personal in ["Giulia", "Verdi", "giulia.verdi", "333", "example.org", "App Rho Segnala"] {
        assert!(!text.contains(personal), "no personal data: {personal} in {text}");
    }
    let (_, two) = both_formats(server, &format!("/open311/v2/requests/{second}")).await;
    assert_eq!(two[0]["address"], "via Madonna 12");
    assert!(two[0]["lat"].is_null());
    // The token leads to the number.
    let (status, by_token) = both_formats(server, &format!("/open311/v2/tokens/{token}")).await;
    assert_eq!(status, 200);
    assert_eq!((by_token[0]["service_request_id"].as_str(), by_token[0]["token"].as_str()), (Some(number.as_str()), Some(token.as_str())));
    for missing in ["/open311/v2/tokens/nessuno", "/open311/v2/requests/2026-999999", "/open311/v2/requests/abc"] {
        let (status, answer) = both_formats(server, missing).await;
        assert_eq!((status, error_of(&answer).0), (404, 404), "{missing}");
    }

    // The office sees who and what the application sent (audited as every opening).
    create_staff(server, ENVIRONMENT_CLERK, &["ambiente"]).await;
    let mut clerk = log_in_staff(server, ENVIRONMENT_CLERK).await;
    let (status, page) = clerk.get_text(&format!("/operatore/segnalazioni/{number}")).await;
    assert_eq!(status, 200);
    for shown in [
        "Giulia Verdi",
        "giulia.verdi@example.it",
        "App Rho Segnala",
        "https://example.org/foto/cane.jpg",
        "Di che animale si tratta?",
        "Cane",
        "L'animale è ferito?",
    ] {
        assert!(page.contains(shown), "{shown}: {page}");
    }

    // Revoked: the key no longer files.
    let (_, admin_page) = administrator.get_text("/amministrazione/segnalazioni").await;
    // The tag first: release builds write its attributes in any order.
    let tag = admin_page.split("<input").find(|tag| tag.split('>').next().unwrap_or_default().contains("name=\"revoca\"")).unwrap();
    let client_id = tag.split("value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap().to_string();
    let response = administrator.post_form("/amministrazione/segnalazioni/open311", &[("revoca", &client_id)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(audited(server, "open311_key_revoked").await, 1);
    let (status, answer) = post_request(server, "json", &good).await;
    assert_eq!((status, error_of(&answer).0), (403, 403));
    // Only administrators issue keys.
    assert_eq!(clerk.post_form("/amministrazione/segnalazioni/open311", &[("nome_applicazione", "Altra app")]).await.status(), 403);
}

on_both_databases!(an_application_files_requests_with_its_key);

async fn the_filters_and_the_default_window(server: &TestServer) {
    let now = server.clock.now_unix_seconds();
    let day = 86_400;
    let old = file_test_report(server, None, "strade", "via Madonna", "1").await;
    let recent = file_test_report(server, None, "strade", "via Madonna", "2").await;
    let animal = file_test_report(server, None, "animali", "corso Europa", "3").await;
    for (number, at) in [(&old, now - 100 * day), (&recent, now - 10 * day), (&animal, now - day)] {
        sqlx::query("UPDATE reports SET created_at = $1, updated_at = $1 WHERE number = $2").bind(at).bind(number).execute(server.pool()).await.unwrap();
    }
    sqlx::query("UPDATE reports SET status = 'risolta', public_reply = 'Recuperato dal canile.' WHERE number = $1")
        .bind(&animal)
        .execute(server.pool())
        .await
        .unwrap();
    let ids = |answer: &Value| -> Vec<String> {
        answer.as_array().unwrap().iter().map(|request| request["service_request_id"].as_str().unwrap().to_string()).collect()
    };

    // No dates: the last 90 days, newest first.
    let (status, answer) = both_formats(server, "/open311/v2/requests").await;
    assert_eq!(status, 200);
    assert_eq!(ids(&answer), [animal.clone(), recent.clone()]);
    let closed = &answer[0];
    assert_eq!((closed["status"].as_str(), closed["status_notes"].as_str()), (Some("closed"), Some("Recuperato dal canile.")));
    // Filters: status, service_code, a window, ids (which override the rest).
    let (_, open) = both_formats(server, "/open311/v2/requests?status=open").await;
    assert_eq!(ids(&open), std::slice::from_ref(&recent));
    let (_, both) = both_formats(server, "/open311/v2/requests?status=open,closed&service_code=animali").await;
    assert_eq!(ids(&both), std::slice::from_ref(&animal));
    let start = time::OffsetDateTime::from_unix_timestamp(now - 120 * day).unwrap().format(&time::format_description::well_known::Rfc3339).unwrap();
    let end = time::OffsetDateTime::from_unix_timestamp(now - 50 * day).unwrap().format(&time::format_description::well_known::Rfc3339).unwrap();
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let (_, window) = both_formats(server, &format!("/open311/v2/requests?start_date={}&end_date={}", encode(&start), encode(&end))).await;
    assert_eq!(ids(&window), std::slice::from_ref(&old));
    let (_, from_start) = both_formats(server, &format!("/open311/v2/requests?start_date={}", encode(&start))).await;
    assert_eq!(ids(&from_start), std::slice::from_ref(&old), "a start alone: 90 days from it");
    let (_, listed) = both_formats(server, &format!("/open311/v2/requests?service_request_id={old},{animal}&status=open")).await;
    assert_eq!(ids(&listed), [animal.clone(), old.clone()]);
    // 400s, named.
    for (query, expected) in [
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "al massimo 90 giorni"),
        ("start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", "start_date viene dopo end_date."),
        ("start_date=ieri", "start_date deve essere una data ISO 8601"),
        ("status=pending", "status «pending» non esiste"),
        ("service_request_id=abc", "«abc» non è un numero di segnalazione"),
    ] {
        let (status, answer) = both_formats(server, &format!("/open311/v2/requests?{query}")).await;
        assert_eq!((status, error_of(&answer).0), (400, 400), "{query}");
        assert!(error_of(&answer).1.contains(expected), "{query}: {answer}");
    }

    // At most 1,000, the newest first.
    let year = app::practices::calendar::rome_date_of_unix_seconds(now).year();
    let mut transaction = server.pool().begin().await.unwrap();
    for sequence in 100..1_200i64 {
        sqlx::query(
            "INSERT INTO reports (number, year, sequence, category_code, channel, title, description, street, house_number, status, created_at, updated_at, due_on) \
             VALUES ($1, $2, $3, 'degrado', 'portale', 'Rifiuti abbandonati', 'Sacchi di rifiuti lasciati sul marciapiede.', 'via Madonna', '5', 'ricevuta', $4, $4, '2099-01-01')",
        )
        .bind(format!("{year}-{sequence:06}"))
        .bind(i64::from(year))
        .bind(sequence)
        .bind(now - 2 * day + sequence)
        .execute(&mut *transaction)
        .await
        .unwrap();
    }
    transaction.commit().await.unwrap();
    let (_, many) = both_formats(server, "/open311/v2/requests?service_code=degrado").await;
    let many = ids(&many);
    assert_eq!(many.len(), 1000);
    assert_eq!((many[0].as_str(), many[999].as_str()), (format!("{year}-001199").as_str(), format!("{year}-000200").as_str()));
}

on_both_databases!(the_filters_and_the_default_window);
