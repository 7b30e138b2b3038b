//! The counter log's form, and the standards as open data (CSV and JSON,
//! CC BY 4.0) computed by the same functions as the page.

use super::port::SqlStandardsPort;
use super::store::note_pin_handover;
use crate::auth::sessions::redirect_to;
use crate::http::downloads::open_data;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, Staff, UserLocale};
use crate::AppState;
use app::i18n::{Locale, Text};
use app::routes::{PIN_LOG_PATH, STANDARDS_PATH};
use app::standards::forms::*;
use app::standards::model::{check_pin_handover, standards_csv, Measured, PinProblem, StandardsReport};
use app::standards::pages::standard_texts;
use axum::extract::{Query, State};
use axum::response::Response;

/// POST `/operatore/pin`: a PIN handed over at the counter, or not on the spot and why.
#[tracing::instrument(skip_all)]
pub async fn note_pin(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: Form<PinHandoverForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let (card, on_the_spot, reason) = check_pin_handover(&fields.card, &fields.outcome, &fields.reason).map_err(|problems| {
        form.with_problems(
            problems
                .into_iter()
                .map(|problem| {
                    let (field, text) = match problem {
                        PinProblem::Card => (CARD_FIELD, Text::PinLogErrorCard),
                        PinProblem::Outcome => (OUTCOME_FIELD, Text::PinLogErrorOutcome),
                        PinProblem::ReasonMissing | PinProblem::ReasonTooLong => (REASON_FIELD, Text::PinLogErrorReason),
                    };
                    (field.to_string(), text.in_locale(locale).to_string())
                })
                .collect(),
        )
    })?;
    let now = state.config.clock.now_unix_seconds();
    note_pin_handover(&state.pool, card, on_the_spot, reason.as_deref(), clerk.account_id.as_str(), now).await.or_internal("note_pin_handover")?;
    Ok(redirect_to(&format!("{PIN_LOG_PATH}?registrato=1")))
}

/// `?anno=2027`: the year asked (anything else: this year).
#[derive(serde::Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    anno: String,
}

async fn report_for(state: &AppState, query: &YearQuery) -> Result<StandardsReport, AppError> {
    let port = SqlStandardsPort { pool: state.pool.clone(), clock: state.config.clock.clone() };
    port.measure(query.anno.trim().parse().ok()).await.or_internal("standards")
}

/// GET `/carta-dei-servizi/standard.csv`.
#[tracing::instrument(skip_all)]
pub async fn standards_csv_data(State(state): State<AppState>, Query(query): Query<YearQuery>) -> Result<Response, AppError> {
    let report = report_for(&state, &query).await?;
    Ok(open_data("text/csv; charset=utf-8", standards_csv(report.year, &report.standards), &format!("standard-{}.csv", report.year)))
}

fn measured_json(period: String, value: &Measured) -> serde_json::Value {
    let (in_time, of) = value.cases().unzip();
    serde_json::json!({ "periodo": period, "valore": value.number(), "casi_nei_tempi": in_time, "casi_misurati": of })
}

/// GET `/carta-dei-servizi/standard.json`.
#[tracing::instrument(skip_all)]
pub async fn standards_json_data(State(state): State<AppState>, Query(query): Query<YearQuery>) -> Result<Response, AppError> {
    let report = report_for(&state, &query).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let standards: Vec<serde_json::Value> = report
        .standards
        .iter()
        .map(|figures| {
            let (name, promise, target) = standard_texts(figures.code);
            serde_json::json!({
                "standard": figures.code.slug(),
                "nome": name.in_locale(Locale::Italian),
                "promessa": promise.in_locale(Locale::Italian),
                "obiettivo": target.in_locale(Locale::Italian),
                "unita": if figures.code.is_count() { "numero" } else { "percentuale" },
                "mesi": figures.months.iter().enumerate().map(|(month, value)| measured_json(format!("{}-{:02}", report.year, month + 1), value)).collect::<Vec<_>>(),
                "anno": measured_json(report.year.to_string(), &figures.year),
                "obiettivo_rispettato": figures.met,
            })
        })
        .collect();
    let document = serde_json::json!({
        "titolo": "Carta dei servizi online del Comune di Rho: standard di qualità",
        "titolare": "Comune di Rho",
        "licenza": "CC-BY-4.0",
        "licenza_url": "https://creativecommons.org/licenses/by/4.0/",
        "metodo": format!("{base}{STANDARDS_PATH}#metodo"),
        "anno": report.year,
        "aggiornato_al": report.as_of,
        "standard": standards,
    });
    Ok(open_data("application/json", document.to_string(), &format!("standard-{}.json", report.year)))
}
