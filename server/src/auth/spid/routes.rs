//! SPID's HTTP endpoints: metadata, the start of a login, the assertion
//! consumer, and (when enabled) the test identity provider's two pages.

use super::requests::issue_authn_request;
use super::responses::{accept_response, SpidResponseRefusal};
use super::test_identity_provider::{TestAnswer, TestIdentityProvider};
use super::SpidServiceProvider;
use crate::auth::accounts::account_for_identified_person;
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::routes::redirect_setting_cookie;
use crate::auth::sessions::{end_session, redirect_to, session_cookie, start_session};
use crate::auth::tokens::{cookie_value, random_token};
use crate::http::client_address::ClientAddress;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, Query};
use crate::AppState;
use anyhow::Context;
use app::auth::model::{access_requirement_for_path, safe_return_path, AccessRequirement, AuthenticationLevel, AuthenticationMethod, SessionTokenHash};
use app::auth::spid::{SpidFailure, SpidLevel};
use app::i18n::Text;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;
use std::sync::Arc;

fn failure_redirect(failure: SpidFailure) -> Response {
    redirect_to(&format!("/accedi/spid?errore={}", failure.code()))
}

/// GET /spid/metadata — signed when the server started.
#[tracing::instrument(skip_all)]
pub async fn service_provider_metadata(State(state): State<AppState>) -> Result<Response, AppError> {
    let spid = state.spid.as_ref().ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "application/samlmetadata+xml; charset=utf-8")], spid.signed_metadata.clone()).into_response())
}

/// The query of the login's start (the login pages' links).
#[derive(Deserialize)]
pub struct SpidLoginQuery {
    #[serde(default)]
    idp: String,
    #[serde(default, rename = "livello")]
    level: String,
    #[serde(default, rename = "ritorno")]
    return_to: String,
}

/// GET /spid/accedi?idp=<code>&livello=<1|2>&ritorno=<path> — records the
/// request and sends the browser to the provider. Without `livello`, the
/// level is the one the page to return to needs.
#[tracing::instrument(skip_all)]
pub async fn start_spid_login(
    State(state): State<AppState>,
    previous_session: Option<Extension<SessionTokenHash>>,
    headers: HeaderMap,
    Query(query): Query<SpidLoginQuery>,
) -> Result<Response, AppError> {
    let Some(spid) = state.spid.clone() else {
        return Ok(failure_redirect(SpidFailure::NotConfigured));
    };
    let Some(identity_provider) = spid.identity_provider_by_code(&query.idp) else {
        return Ok(failure_redirect(SpidFailure::UnknownIdentityProvider));
    };
    let return_path = safe_return_path(&query.return_to).filter(|path| !path.starts_with("/accedi")).unwrap_or_else(|| "/area-personale".to_string());
    let level = SpidLevel::parse_requested(&query.level).unwrap_or_else(|| match access_requirement_for_path(&return_path) {
        AccessRequirement::Anyone | AccessRequirement::LoggedIn(AuthenticationLevel::Level1) => SpidLevel::Level1,
        _ => SpidLevel::Level2,
    });
    let previous_session = previous_session.map(|Extension(session)| session);
    let over_tls = state.config.served_over_tls();
    // One value per browser: logins started in two tabs share it.
    let binding = cookie_value(&headers, spid_binding_cookie_name(over_tls))
        .filter(|value| value.len() == 64 && value.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .unwrap_or_else(random_token);
    let url = issue_authn_request(&state.pool, &spid, identity_provider, level, &return_path, previous_session.as_ref(), &binding)
        .await
        .or_internal("spid_authn_request")?;
    let mut response = found(&url)?;
    if let Ok(cookie) = HeaderValue::from_str(&spid_binding_cookie(&binding, over_tls)) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The cookie that ties a SPID answer to the browser that asked for it, so
/// an answer obtained by someone else cannot log this browser into their
/// account (login CSRF). It must travel on the provider's cross-site POST:
/// over HTTPS `SameSite=None; Secure`; over plain HTTP (development, where
/// the test provider is on this same site) `Lax` is what browsers accept.
fn spid_binding_cookie_name(over_tls: bool) -> &'static str {
    if over_tls {
        "__Host-sportello_spid"
    } else {
        "sportello_spid"
    }
}

fn spid_binding_cookie(value: &str, over_tls: bool) -> String {
    let same_site = if over_tls { "SameSite=None; Secure" } else { "SameSite=Lax" };
    format!("{}={value}; Path=/; Max-Age={}; HttpOnly; {same_site}", spid_binding_cookie_name(over_tls), super::requests::REQUEST_LIFETIME_SECONDS)
}

/// The provider's answer, as the SAML HTTP-POST binding names its fields.
#[derive(Deserialize)]
pub struct SamlPost {
    #[serde(default, rename = "SAMLResponse")]
    saml_response: String,
    #[serde(default, rename = "RelayState")]
    relay_state: String,
}

/// POST /spid/acs — the provider's answer (HTTP-POST binding).
#[tracing::instrument(skip_all)]
pub async fn assertion_consumer_service(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Form<SamlPost>,
) -> Result<Response, AppError> {
    let Some(spid) = state.spid.clone() else {
        return Ok(failure_redirect(SpidFailure::NotConfigured));
    };
    let binding = cookie_value(&headers, spid_binding_cookie_name(state.config.served_over_tls()));
    let answer = &form.fields;
    let accepted = match accept_response(&state.pool, &spid, &answer.saml_response, &answer.relay_state, binding.as_deref()).await {
        Ok(accepted) => accepted,
        Err(SpidResponseRefusal::Refused { failure, reason }) => {
            tracing::warn!(reason, "SPID answer refused");
            let event = AuditEvent::new("anonymous", "login_failed", "unknown")
                .with_details(serde_json::json!({ "method": "spid", "reason": reason, "failure": failure.code(), "address": address.to_string() }));
            append_audit_event(&state.pool, &event).await.or_internal("audit")?;
            return Ok(failure_redirect(failure));
        }
        Err(SpidResponseRefusal::Failure(error)) => return Err(AppError::internal("spid_acs", error)),
    };
    complete_spid_login(&state, &accepted, address).await.or_internal("spid_login")
}

async fn complete_spid_login(state: &AppState, accepted: &super::responses::AcceptedResponse, address: std::net::IpAddr) -> anyhow::Result<Response> {
    let identity = &accepted.identity;
    let account_id =
        account_for_identified_person(&state.pool, &identity.fiscal_code, &identity.given_name, &identity.family_name, identity.email.as_deref(), "spid")
            .await?;
    // The browser's session from before the trip to the provider (its
    // cookie is not sent on the provider's cross-site POST).
    if let Some(previous) = &accepted.request.previous_session_hash {
        end_session(&state.pool, &SessionTokenHash(previous.clone())).await?;
    }
    let token = start_session(&state.pool, None, &account_id, identity.level.session_level(), AuthenticationMethod::Spid).await?;
    super::logout::remember_provider_session(
        &state.pool,
        &crate::auth::tokens::sha256_hex(token.as_bytes()),
        &identity.identity_provider,
        &accepted.provider_session,
    )
    .await?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(&account_id, "login", &account_id).with_details(serde_json::json!({
            "method": "spid",
            "level": identity.level.number(),
            "identity_provider": identity.identity_provider,
            "address": address.to_string(),
        })),
    )
    .await?;
    Ok(redirect_setting_cookie(&accepted.request.return_path, &session_cookie(&token, state.config.served_over_tls())))
}

/// GET /spid/esci — single logout: the provider's answer to our
/// LogoutRequest, or a LogoutRequest the provider started.
#[tracing::instrument(skip_all)]
pub async fn single_logout_service(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let Some(spid) = state.spid.clone() else {
        return Ok(redirect_to("/accedi?uscito=1"));
    };
    let Ok(url) = url::Url::parse(&format!("{}?{}", spid.single_logout_url, query.unwrap_or_default())) else {
        return Ok(redirect_to("/accedi?uscito=1"));
    };
    let has = |name: &str| url.query_pairs().any(|(key, _)| key == name);
    if has("SAMLRequest") {
        return match super::logout::accept_logout_request(&state.pool, &spid, &url).await {
            Ok((ended, redirect)) => {
                let event = AuditEvent::new("identity_provider", "logout", "spid")
                    .with_details(serde_json::json!({ "method": "spid", "started_by": "identity_provider", "sessions_ended": ended }));
                append_audit_event(&state.pool, &event).await.or_internal("audit")?;
                found(&redirect)
            }
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "SPID logout request refused");
                Err(AppError::BadRequest(Text::SpidLogoutRefusedText))
            }
        };
    }
    if has("SAMLResponse") {
        if let Err(error) = super::logout::accept_logout_response(&state.pool, &spid, &url).await {
            // The portal session ended before the trip to the provider.
            tracing::warn!(error = format!("{error:#}"), "SPID logout response refused");
        }
    }
    Ok(redirect_to("/accedi?uscito=1"))
}

/// 302 Found, as the SAML HTTP-Redirect binding's examples and AgID's validator expect.
fn found(location: &str) -> Result<Response, AppError> {
    let location = HeaderValue::from_str(location).context("the provider's URL is not a valid header").or_internal("spid_redirect")?;
    Ok((StatusCode::FOUND, [(header::LOCATION, location)]).into_response())
}

// ----- The test identity provider (development and e2e only) -----

fn test_page(title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} - Identity provider di prova</title><link rel=\"stylesheet\" href=\"/pkg/sportello.css\"></head>\
         <body><header class=\"container py-4\"><p><strong>Identity provider SPID di prova</strong> (solo sviluppo e test)</p></header>\
         <main class=\"container py-6\" id=\"main\"><h1 class=\"page-title\">{title}</h1>{body}</main></body></html>",
        title = super::signing::xml_escape(title),
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], html).into_response()
}

/// The service provider and its test identity provider, when that is on.
fn test_identity_provider(state: &AppState) -> Option<(Arc<SpidServiceProvider>, Arc<TestIdentityProvider>)> {
    let spid = state.spid.clone()?;
    let test = spid.test_identity_provider.clone()?;
    Some((spid, test))
}

/// GET /spid-test-idp/metadata
#[tracing::instrument(skip_all)]
pub async fn test_identity_provider_metadata(State(state): State<AppState>) -> Result<Response, AppError> {
    let (_, test) = test_identity_provider(&state).ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "application/samlmetadata+xml; charset=utf-8")], test.metadata.clone()).into_response())
}

/// GET /spid-test-idp/sso — checks the signed request, asks who the tester is.
#[tracing::instrument(skip_all)]
pub async fn test_identity_provider_login_page(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let (spid, test) = test_identity_provider(&state).ok_or(AppError::NotFound)?;
    let received = match read_signed_redirect_request(&spid, &test, query.as_deref()) {
        Ok(received) => received,
        Err(error) => {
            return Ok(test_page(
                "Richiesta non valida",
                &format!("<p>La richiesta SPID ricevuta non è valida: {}.</p>", super::signing::xml_escape(&format!("{error:#}"))),
            ))
        }
    };
    let escape = super::signing::xml_escape;
    let level_option = |level: SpidLevel, label: &str| {
        let selected = if level == received.level { " selected" } else { "" };
        format!("<option value=\"{}\"{selected}>{label}</option>", level.number())
    };
    let body = format!(
        "<p class=\"lead\">Il servizio <strong>{sp}</strong> chiede di accedere con SPID di livello {level}{force}.</p>\
         <form method=\"post\" action=\"/spid-test-idp/sso\" class=\"max-w-xl mt-6\">\
         <input type=\"hidden\" name=\"richiesta\" value=\"{id}\"><input type=\"hidden\" name=\"relay_state\" value=\"{relay}\">\
         <div class=\"form-field\"><label for=\"codice_fiscale\">Codice fiscale</label>\
         <input class=\"input\" id=\"codice_fiscale\" name=\"codice_fiscale\" value=\"RSSMRA80A01F205X\" autocomplete=\"off\"></div>\
         <div class=\"form-field\"><label for=\"nome\">Nome</label><input class=\"input\" id=\"nome\" name=\"nome\" value=\"Mario\"></div>\
         <div class=\"form-field\"><label for=\"cognome\">Cognome</label><input class=\"input\" id=\"cognome\" name=\"cognome\" value=\"Rossi\"></div>\
         <div class=\"form-field\"><label for=\"email\">Email</label><input class=\"input\" id=\"email\" name=\"email\" type=\"email\" value=\"mario.rossi@example.org\"></div>\
         <div class=\"form-field\"><label for=\"livello\">Livello di autenticazione</label><select class=\"input\" id=\"livello\" name=\"livello\">{l1}{l2}{l3}</select></div>\
         <p class=\"mt-6 flex flex-wrap gap-4\"><button class=\"button button-primary\" type=\"submit\" name=\"azione\" value=\"autorizza\">Autorizza l'accesso</button>\
         <button class=\"button button-secondary\" type=\"submit\" name=\"azione\" value=\"annulla\">Annulla</button></p></form>",
        sp = escape(&received.service_provider),
        level = received.level.number(),
        force = if received.force_authn { " (nuova autenticazione richiesta)" } else { "" },
        id = escape(&received.request_id),
        relay = escape(&received.relay_state),
        l1 = level_option(SpidLevel::Level1, "SpidL1: nome utente e password"),
        l2 = level_option(SpidLevel::Level2, "SpidL2: password e codice temporaneo"),
        l3 = level_option(SpidLevel::Level3, "SpidL3: dispositivo sicuro"),
    );
    Ok(test_page("Accedi con SPID (prova)", &body))
}

struct ReceivedRequest {
    request_id: String,
    relay_state: String,
    service_provider: String,
    level: SpidLevel,
    force_authn: bool,
}

fn read_signed_redirect_request(spid: &SpidServiceProvider, test: &TestIdentityProvider, query: Option<&str>) -> anyhow::Result<ReceivedRequest> {
    use std::str::FromStr;
    let query = query.context("no query")?;
    let url = url::Url::parse(&format!("{}?{query}", test.single_sign_on_url)).context("bad URL")?;
    let verifier = samael::crypto::UrlVerifier::from_x509(&samael::crypto::CertificateDer::from(spid.signing_key.certificate_der.clone()))
        .map_err(|error| anyhow::anyhow!("cannot read the service provider's certificate: {error}"))?;
    anyhow::ensure!(super::logout::redirect_signed(&verifier, &url, true), "the request's signature is not valid");
    let xml = super::logout::inflate_parameter(&url, "SAMLRequest").context("SAMLRequest")?;
    let authn_request = samael::schema::AuthnRequest::from_str(&xml).map_err(|error| anyhow::anyhow!("not an AuthnRequest: {error}"))?;
    let service_provider = authn_request.issuer.as_ref().and_then(|issuer| issuer.value.clone()).context("no Issuer")?;
    anyhow::ensure!(service_provider == spid.entity_id, "the request comes from another service provider");
    anyhow::ensure!(authn_request.destination.as_deref() == Some(test.single_sign_on_url.as_str()), "wrong Destination");
    let level = authn_request
        .requested_authn_context
        .as_ref()
        .and_then(|context| context.authn_context_class_refs.as_ref())
        .and_then(|classes| classes.first())
        .and_then(|class| class.value.as_deref())
        .and_then(SpidLevel::from_authn_context_class)
        .context("no SPID level requested")?;
    Ok(ReceivedRequest {
        request_id: authn_request.id.clone(),
        relay_state: url.query_pairs().find(|(name, _)| name == "RelayState").map(|(_, value)| value.into_owned()).unwrap_or_default(),
        service_provider,
        level,
        force_authn: authn_request.force_authn == Some(true),
    })
}

/// What the tester chose on the test provider's page.
#[derive(Deserialize)]
pub struct TestIdentityForm {
    #[serde(default, rename = "richiesta")]
    request_id: String,
    #[serde(default)]
    relay_state: String,
    #[serde(default, rename = "codice_fiscale")]
    fiscal_code: String,
    #[serde(default, rename = "nome")]
    given_name: String,
    #[serde(default, rename = "cognome")]
    family_name: String,
    #[serde(default)]
    email: String,
    #[serde(default, rename = "livello")]
    level: String,
    /// `annulla`: the tester refused.
    #[serde(default, rename = "azione")]
    action: String,
}

/// POST /spid-test-idp/sso — signs the answer and hands it to the browser,
/// which posts it to the portal (a button: no script, no popup).
#[tracing::instrument(skip_all)]
pub async fn test_identity_provider_answer(State(state): State<AppState>, form: Form<TestIdentityForm>) -> Result<Response, AppError> {
    let (spid, test) = test_identity_provider(&state).ok_or(AppError::NotFound)?;
    let typed = &form.fields;
    let answer = TestAnswer {
        request_id: typed.request_id.clone(),
        assertion_consumer_service_url: spid.assertion_consumer_service_url.clone(),
        audience: spid.entity_id.clone(),
        level: typed.level.parse().ok().and_then(SpidLevel::from_number).unwrap_or(SpidLevel::Level1),
        fiscal_number: format!("TINIT-{}", typed.fiscal_code.trim().to_uppercase()),
        given_name: typed.given_name.clone(),
        family_name: typed.family_name.clone(),
        email: Some(typed.email.clone()).filter(|email| !email.trim().is_empty()),
        authenticated: typed.action != "annulla",
    };
    let response = test.signed_response_base64(&answer).or_internal("spid_test_idp")?;
    let escape = super::signing::xml_escape;
    let body = format!(
        "<p class=\"lead\">{message}</p><form method=\"post\" action=\"{acs}\" class=\"mt-6\">\
         <input type=\"hidden\" name=\"SAMLResponse\" value=\"{response}\"><input type=\"hidden\" name=\"RelayState\" value=\"{relay}\">\
         <button class=\"button button-primary\" type=\"submit\">Torna al servizio</button></form>",
        message = if answer.authenticated { "Identità confermata." } else { "Accesso annullato." },
        acs = escape(&spid.assertion_consumer_service_url),
        response = escape(&response),
        relay = escape(&typed.relay_state),
    );
    Ok(test_page("Risposta pronta", &body))
}

/// GET /spid-test-idp/slo — the portal's LogoutRequest (answered with a
/// signed LogoutResponse back to the portal) or the portal's LogoutResponse
/// to a logout the test provider started.
#[tracing::instrument(skip_all)]
pub async fn test_identity_provider_single_logout(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let (spid, test) = test_identity_provider(&state).ok_or(AppError::NotFound)?;
    let Ok(url) = url::Url::parse(&format!("{}?{}", test.single_logout_url, query.unwrap_or_default())) else {
        return Ok(test_page("Richiesta non valida", "<p>L'indirizzo della richiesta di uscita non è leggibile.</p>"));
    };
    let portal = samael::crypto::CertificateDer::from(spid.signing_key.certificate_der.clone());
    let verifier = samael::crypto::UrlVerifier::from_x509(&portal).map_err(|error| anyhow::anyhow!("{error}")).or_internal("spid_test_idp")?;
    if url.query_pairs().any(|(name, _)| name == "SAMLResponse") {
        let signed = super::logout::redirect_signed(&verifier, &url, false);
        return Ok(test_page(
            if signed { "Uscita completata" } else { "Risposta di uscita non valida" },
            "<p class=\"lead\">Il servizio ha chiuso la sessione.</p>",
        ));
    }
    if !super::logout::redirect_signed(&verifier, &url, true) {
        return Ok(test_page("Richiesta non valida", "<p>La richiesta di uscita non è firmata dal servizio.</p>"));
    }
    found(&test.logout_response_redirect(&url, &spid.single_logout_url).or_internal("spid_test_idp")?)
}

/// GET /spid-test-idp/esci — the test provider starts a logout of the last
/// identity it asserted (as when the citizen logs out at the provider).
#[tracing::instrument(skip_all)]
pub async fn test_identity_provider_start_logout(State(state): State<AppState>) -> Result<Response, AppError> {
    let (spid, test) = test_identity_provider(&state).ok_or(AppError::NotFound)?;
    match test.logout_request_redirect(&spid.entity_id, &spid.single_logout_url).or_internal("spid_test_idp")? {
        Some(redirect) => found(&redirect),
        None => Ok(test_page("Nessuna sessione", "<p>Il gestore di prova non ha ancora autenticato nessuno.</p>")),
    }
}
