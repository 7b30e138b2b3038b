//! An App IO simulator inside this server (`SPORTELLO_APP_IO_SIMULATOR=1`:
//! development, demo and tests only), answering IO's services API at
//! `/simulatore-io/api/v1`: the profile check and the message, with IO's
//! checks of the message and its answers. A citizen is on IO as the
//! simulator is told (the demo's are, allowing the Comune's service); a
//! test can make it answer 429 for the next calls. Switched off, it does not
//! exist: 404 whatever is asked.

use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

pub const API_PREFIX: &str = "/simulatore-io/api/v1";
/// The key the simulator takes (the server's own client uses it).
pub const SIMULATOR_API_KEY: &str = "chiave-del-simulatore-io";
/// The service's largest notice, in cents (IO's `max_allowed_payment_amount`).
pub const MAXIMUM_PAYMENT_CENTS: u64 = 150_000;

/// A citizen as the simulator knows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimulatedProfile {
    /// On IO, the Comune's service allowed.
    Allowed,
    /// On IO, the Comune's service turned off.
    OptedOut,
}

pub struct AppIoSimulator {
    profiles: Mutex<HashMap<String, SimulatedProfile>>,
    /// How many of the next calls answer 429.
    throttled: AtomicU32,
    /// The messages IO took, as received.
    pub received: Mutex<Vec<serde_json::Value>>,
}

impl Default for AppIoSimulator {
    fn default() -> Self {
        // The demo's citizen, Mario Rossi, is on IO.
        let profiles = HashMap::from([("RSSMRA80A01F205X".to_string(), SimulatedProfile::Allowed)]);
        AppIoSimulator { profiles: Mutex::new(profiles), throttled: AtomicU32::new(0), received: Mutex::new(Vec::new()) }
    }
}

impl AppIoSimulator {
    /// Puts a citizen on IO (None: takes them off).
    pub fn set_profile(&self, fiscal_code: &str, profile: Option<SimulatedProfile>) {
        let mut profiles = self.profiles.lock().expect("profiles");
        match profile {
            Some(profile) => profiles.insert(fiscal_code.to_string(), profile),
            None => profiles.remove(fiscal_code),
        };
    }

    /// The next `calls` calls answer 429 (with `Retry-After: 1`).
    pub fn throttle_next(&self, calls: u32) {
        self.throttled.store(calls, Ordering::SeqCst);
    }

    fn throttled(&self) -> bool {
        self.throttled.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1)).is_ok()
    }
}

fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    (status, Json(serde_json::json!({ "title": title, "status": status.as_u16(), "detail": detail }))).into_response()
}

/// Why the gate turned a call away.
enum Refusal {
    /// The simulator is off: it does not exist.
    Off,
    Key,
    Throttled,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Off => StatusCode::NOT_FOUND.into_response(),
            Refusal::Key => problem(StatusCode::UNAUTHORIZED, "Unauthorized", "the subscription key is missing or wrong"),
            Refusal::Throttled => (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], "Too Many Requests").into_response(),
        }
    }
}

/// The gate every call passes: the simulator on, the key right, not throttled.
fn gate<'a>(state: &'a AppState, headers: &HeaderMap) -> Result<&'a AppIoSimulator, Refusal> {
    let simulator = state.app_io_simulator.as_deref().ok_or(Refusal::Off)?;
    if headers.get("ocp-apim-subscription-key").and_then(|value| value.to_str().ok()) != Some(SIMULATOR_API_KEY) {
        return Err(Refusal::Key);
    }
    if simulator.throttled() {
        return Err(Refusal::Throttled);
    }
    Ok(simulator)
}

/// `POST /profiles` with `{"fiscal_code"}`: 200 with `sender_allowed`, or 404.
#[tracing::instrument(skip_all)]
pub async fn simulated_io_profile(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let simulator = match gate(&state, &headers) {
        Ok(simulator) => simulator,
        Err(refusal) => return refusal.into_response(),
    };
    let fiscal_code = body.as_ref().ok().and_then(|Json(body)| body["fiscal_code"].as_str()).unwrap_or_default();
    match simulator.profiles.lock().expect("profiles").get(fiscal_code) {
        Some(profile) => Json(serde_json::json!({ "sender_allowed": *profile == SimulatedProfile::Allowed, "preferred_languages": ["it_IT"] })).into_response(),
        None => problem(StatusCode::NOT_FOUND, "Profile not found", "no IO profile for this fiscal code"),
    }
}

/// What IO refuses in a new message, if anything.
fn refusal(body: &serde_json::Value) -> Option<&'static str> {
    let chars = |value: &serde_json::Value| value.as_str().map(|text| text.chars().count());
    let content = &body["content"];
    if body["fiscal_code"].as_str().is_none_or(|code| code.len() != 16) {
        return Some("fiscal_code is not a fiscal code");
    }
    if !chars(&content["subject"]).is_some_and(|length| (10..=120).contains(&length)) {
        return Some("subject: from 10 to 120 characters");
    }
    if !chars(&content["markdown"]).is_some_and(|length| (80..=10_000).contains(&length)) {
        return Some("markdown: from 80 to 10000 characters");
    }
    let payment = &content["payment_data"];
    if !payment.is_null() {
        let notice = payment["notice_number"].as_str().unwrap_or_default();
        if notice.len() != 18 || !notice.bytes().all(|byte| byte.is_ascii_digit()) {
            return Some("payment_data.notice_number: 18 digits");
        }
        if !payment["amount"].as_u64().is_some_and(|amount| (1..=MAXIMUM_PAYMENT_CENTS).contains(&amount)) {
            return Some("payment_data.amount: above the service's max_allowed_payment_amount");
        }
    }
    None
}

/// `POST /messages`: 201 with the message's id, or 400 with what is wrong.
#[tracing::instrument(skip_all)]
pub async fn simulated_io_message(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let simulator = match gate(&state, &headers) {
        Ok(simulator) => simulator,
        Err(refusal) => return refusal.into_response(),
    };
    let Ok(Json(body)) = body else { return problem(StatusCode::BAD_REQUEST, "Invalid payload", "the body is not JSON") };
    if let Some(detail) = refusal(&body) {
        return problem(StatusCode::BAD_REQUEST, "Invalid payload", detail);
    }
    let id = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    simulator.received.lock().expect("received").push(body);
    (StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response()
}
