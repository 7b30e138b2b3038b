//! The citizen's payment routes that are not pages: "Paga online" (a form
//! post answered with a redirect to pagoPA Checkout, same tab), the payment
//! notice's PDF and, once paid, the receipt's.

use super::carts::{checkout_page_for, CartPayer, CheckoutConnection, PayOnlineError};
use super::notice_pdf::{render_payment_notice_pdf, PaymentNoticeContent};
use super::receipt_pdf::{render_payment_receipt_pdf, PaymentReceiptContent};
use crate::auth::routes::internal_failure;
use crate::auth::sessions::{percent_encode_component, redirect_to};
use crate::auth::tokens::now_unix_seconds;
use crate::practices::routes::{current_user, not_found, read_pairs};
use crate::AppState;
use anyhow::Context;
use app::payments::amount::AmountInCents;
use app::payments::notice_number::NoticeNumber;
use axum::extract::{Path, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sqlx::Row;

pub const MY_PAYMENTS_PATH: &str = "/area-personale/pagamenti";
/// The form field naming each chosen position.
pub const CHOSEN_POSITION_FIELD: &str = "avviso";

/// POST `/area-personale/pagamenti/paga`: one to five of the citizen's
/// positions go to Checkout; the browser follows (303) in the same tab.
/// Mistakes come back to "I miei pagamenti" with the reason and the choice kept.
pub async fn pay_online(State(state): State<AppState>, request: Request) -> Response {
    let (parts, pairs) = read_pairs(request).await;
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    let chosen: Vec<String> = pairs.iter().filter(|(name, _)| name == CHOSEN_POSITION_FIELD).map(|(_, value)| value.clone()).collect();
    match checkout_location(&state, &user, &chosen).await {
        Ok(location) => redirect_to(&location),
        Err(CheckoutRefusal::Problem(problem)) => {
            let kept = chosen.iter().map(|id| percent_encode_component(id)).collect::<Vec<_>>().join(",");
            redirect_to(&format!("{MY_PAYMENTS_PATH}?errore={problem}&scelti={kept}#riepilogo-errori"))
        }
        Err(CheckoutRefusal::Failure(response)) => response,
    }
}

/// POST `/area-personale/pagamenti/annulla`: the owner cancels a notice
/// they may cancel (a spontaneous payment nobody is paying), after ticking
/// the confirmation. Another person's notice is not found; one that cannot
/// be cancelled, or no confirmation, comes back with the reason.
pub async fn cancel_notice(State(state): State<AppState>, request: Request) -> Response {
    use app::payments::model::DebtKind;
    use app::payments::pages::CANCEL_CONFIRM_FIELD;
    let (parts, pairs) = read_pairs(request).await;
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    let value = |name: &str| pairs.iter().find(|(field, _)| field == name).map(|(_, value)| value.clone());
    let Some(position_id) = value(CHOSEN_POSITION_FIELD) else { return not_found(&state, parts).await };
    let owned: Option<String> = match sqlx::query_scalar("SELECT debt_kind FROM debt_positions WHERE id = $1 AND account_id = $2")
        .bind(&position_id)
        .bind(&user.account_id)
        .fetch_optional(&state.pool)
        .await
    {
        Ok(kind) => kind,
        Err(error) => return internal_failure("read_position_to_cancel", error.into()),
    };
    let Some(kind) = owned else { return not_found(&state, parts).await };
    if value(CANCEL_CONFIRM_FIELD).as_deref() != Some("si") {
        return redirect_to(&format!("{MY_PAYMENTS_PATH}?errore=conferma-annullamento#riepilogo-errori"));
    }
    if !DebtKind::from_code(&kind).is_some_and(DebtKind::cancellable_by_payer) {
        return redirect_to(&format!("{MY_PAYMENTS_PATH}?errore=non-annullabile#riepilogo-errori"));
    }
    // Conditional on nobody paying it: a payment started meanwhile wins.
    let cancelled = match sqlx::query(
        "UPDATE debt_positions SET status = 'cancelled', cart_id = NULL, cart_started_at = NULL \
         WHERE id = $1 AND account_id = $2 AND status = 'to_pay'",
    )
    .bind(&position_id)
    .bind(&user.account_id)
    .execute(&state.pool)
    .await
    {
        Ok(done) => done.rows_affected(),
        Err(error) => return internal_failure("cancel_notice", error.into()),
    };
    if cancelled == 0 {
        return redirect_to(&format!("{MY_PAYMENTS_PATH}?errore=non-annullabile#riepilogo-errori"));
    }
    tracing::info!(kind = %kind, "a notice cancelled by its owner");
    redirect_to(&format!("{MY_PAYMENTS_PATH}?annullato=1"))
}

/// Why the citizen's browser is not sent to Checkout: a problem code the
/// pages explain (`app::payments::pages::pay_error_text`), or a failure
/// already answered.
pub enum CheckoutRefusal {
    Problem(&'static str),
    Failure(Response),
}

/// Checkout's page for these positions of the citizen (one live cart per
/// position, a repeated click finds the same page).
pub async fn checkout_location(state: &AppState, user: &app::auth::model::CurrentUser, chosen: &[String]) -> Result<String, CheckoutRefusal> {
    let email: Option<String> =
        sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1").bind(&user.account_id).fetch_optional(&state.pool).await.ok().flatten().flatten();
    let checkout = CheckoutConnection {
        http: &state.checkout_http,
        checkout_url: state.checkout_url.as_deref(),
        public_url: &state.config.public_url,
        settings: &state.config.payments,
    };
    let payer = CartPayer { account_id: &user.account_id, email: email.as_deref() };
    let result = checkout_page_for(&state.pool, &checkout, &payer, chosen, now_unix_seconds()).await;
    Err(CheckoutRefusal::Problem(match result {
        Ok(location) => return Ok(location),
        Err(PayOnlineError::WrongNumberOfNotices) => "numero",
        Err(PayOnlineError::NotFound) => "sconosciuto",
        Err(PayOnlineError::NotPayable(app::payments::model::NotPayable::AlreadyPaid)) => "pagato",
        Err(PayOnlineError::NotPayable(app::payments::model::NotPayable::PaymentInProgress)) | Err(PayOnlineError::InAnotherCart) => "in-corso",
        Err(PayOnlineError::NotPayable(_)) => "non-pagabile",
        Err(PayOnlineError::Unavailable) | Err(PayOnlineError::CheckoutFailed(_)) => "pagopa",
        Err(PayOnlineError::Storage(error)) => return Err(CheckoutRefusal::Failure(internal_failure("pay_online", error))),
    }))
}

/// GET `/area-personale/pagamenti/<id>/avviso.pdf`: the owner's notice.
pub async fn download_payment_notice(State(state): State<AppState>, Path(position_id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    let row = match sqlx::query(
        "SELECT notice_number, amount_cents, description, payer_name, payer_fiscal_code, due_on FROM debt_positions WHERE id = $1 AND account_id = $2",
    )
    .bind(&position_id)
    .bind(&user.account_id)
    .fetch_optional(&state.pool)
    .await
    {
        Ok(row) => row,
        Err(error) => return internal_failure("read_position", error.into()),
    };
    let Some(row) = row else { return not_found(&state, parts).await };
    let built = (|| {
        let notice_number = NoticeNumber::parse(&row.try_get::<String, _>("notice_number")?).context("stored notice number")?;
        let amount = AmountInCents::from_cents(row.try_get("amount_cents")?).context("stored amount")?;
        let due_on: Option<String> = row.try_get("due_on")?;
        let due_italian = due_on.as_deref().and_then(app::practices::validation::parse_date).map(app::practices::calendar::italian_date);
        let pdf = render_payment_notice_pdf(
            &state.config.payments,
            &PaymentNoticeContent {
                notice_number,
                amount,
                description: &row.try_get::<String, _>("description")?,
                payer_name: &row.try_get::<String, _>("payer_name")?,
                payer_fiscal_code: &row.try_get::<String, _>("payer_fiscal_code")?,
                due_on: due_italian.as_deref(),
            },
        )?;
        anyhow::Ok((pdf, format!("avviso-{notice_number}.pdf")))
    })();
    match built {
        Ok((pdf, file_name)) => private_pdf(pdf, &file_name),
        Err(error) => internal_failure("render_payment_notice", error),
    }
}

/// A PDF of the person's own, downloaded (same tab) and never cached.
fn private_pdf(pdf: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        pdf,
    )
        .into_response()
}

/// GET `/area-personale/pagamenti/<id>/ricevuta.pdf`: the owner's receipt of
/// a paid position; a position without a receipt has none (404).
pub async fn download_payment_receipt(State(state): State<AppState>, Path(position_id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    let row = match sqlx::query(
        "SELECT p.notice_number, p.description, p.payer_name, p.payer_fiscal_code, r.amount_cents, r.fee_cents, r.psp_id, r.psp_name, \
         r.receipt_id, r.paid_at_text, r.received_at FROM debt_positions p JOIN payment_receipts r ON r.position_id = p.id \
         WHERE p.id = $1 AND p.account_id = $2",
    )
    .bind(&position_id)
    .bind(&user.account_id)
    .fetch_optional(&state.pool)
    .await
    {
        Ok(row) => row,
        Err(error) => return internal_failure("read_payment_receipt", error.into()),
    };
    let Some(row) = row else { return not_found(&state, parts).await };
    let shares = match super::transfer_plans::receipt_share_lines(&state.pool, &state.config.payments, &position_id).await {
        Ok(shares) => shares,
        Err(error) => return internal_failure("read_payment_shares", error),
    };
    let built = (|| {
        let notice_number = NoticeNumber::parse(&row.try_get::<String, _>("notice_number")?).context("stored notice number")?;
        let fee: Option<i64> = row.try_get("fee_cents")?;
        let received_at: i64 = row.try_get("received_at")?;
        let recorded_at = app::practices::calendar::italian_date_time_of_unix_seconds(received_at);
        let paid_at = row.try_get::<Option<String>, _>("paid_at_text")?.map(|text| readable_payment_date_time(&text)).unwrap_or_else(|| recorded_at.clone());
        let pdf = render_payment_receipt_pdf(
            &state.config.payments,
            &PaymentReceiptContent {
                notice_number,
                amount: AmountInCents::from_cents(row.try_get("amount_cents")?).context("stored amount")?,
                fee: fee.filter(|cents| *cents > 0).map(AmountInCents::from_cents).transpose().context("stored fee")?,
                description: &row.try_get::<String, _>("description")?,
                payer_name: &row.try_get::<String, _>("payer_name")?,
                payer_fiscal_code: &row.try_get::<String, _>("payer_fiscal_code")?,
                paid_at: &paid_at,
                recorded_at: &recorded_at,
                provider_name: &row.try_get::<String, _>("psp_name")?,
                provider_id: &row.try_get::<String, _>("psp_id")?,
                receipt_id: &row.try_get::<String, _>("receipt_id")?,
                shares: &shares,
            },
        );
        anyhow::Ok((pdf, format!("ricevuta-{notice_number}.pdf")))
    })();
    match built {
        Ok((pdf, file_name)) => private_pdf(pdf, &file_name),
        Err(error) => internal_failure("render_payment_receipt", error),
    }
}

/// The provider's `paymentDateTime` (`2026-11-27T10:15:00`, zone optional)
/// as `27/11/2026 10:15`; anything else as given.
fn readable_payment_date_time(text: &str) -> String {
    let bytes = text.as_bytes();
    let shaped = bytes.len() >= 16
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15].iter().all(|&index| bytes[index].is_ascii_digit());
    if !shaped {
        return text.to_string();
    }
    format!("{}/{}/{} {}", &text[8..10], &text[5..7], &text[0..4], &text[11..16])
}

/// POST `/area-personale/pagamenti/nuovo/<type>`: a spontaneous payment's
/// notice, once per rendered form (its token), then "I miei pagamenti".
/// Mistakes: the form again (422) with everything typed.
pub async fn create_spontaneous_payment(State(state): State<AppState>, Path(code): Path<String>, request: Request) -> Response {
    use app::payments::pages::REQUEST_TOKEN_FIELD;
    use app::payments::spontaneous::{check_spontaneous_payment, spontaneous_payment_type, AMOUNT_FIELD, REASON_FIELD};
    let (parts, pairs) = read_pairs(request).await;
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    let Some(kind) = spontaneous_payment_type(&code) else { return not_found(&state, parts).await };
    let values: std::collections::BTreeMap<String, String> = pairs.into_iter().collect();
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let locale = crate::auth::routes::locale_of(&parts);
    let checked = match check_spontaneous_payment(kind, &value(REASON_FIELD), &value(AMOUNT_FIELD), locale) {
        Ok(checked) => checked,
        Err(problems) => return crate::http::form_pages::answer_with_errors(&state, parts, values, problems).await,
    };
    let token = Some(value(REQUEST_TOKEN_FIELD))
        .filter(|token| !token.is_empty() && token.len() <= 64 && token.bytes().all(|byte| byte.is_ascii_alphanumeric()))
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    // Namespaced by the account: a token is never a way to someone else's notice.
    let reference = format!("{}:{token}", user.account_id);
    let debt = super::positions::NewDebtPosition {
        kind: app::payments::model::DebtKind::Spontaneous,
        reference: &reference,
        account_id: Some(&user.account_id),
        payer_fiscal_code: user.fiscal_code.as_str(),
        payer_name: &user.full_name(),
        description: &checked.description,
        amount: checked.amount,
        due_on: None,
        transfers: None,
    };
    match super::positions::open_debt_position(&state.pool, state.config.payments.segregation_code, &debt).await {
        Ok(_) => redirect_to(&format!("{MY_PAYMENTS_PATH}?creato=1")),
        Err(error) => internal_failure("open_spontaneous_payment", error),
    }
}

#[cfg(test)]
mod tests {
    use super::readable_payment_date_time;

    #[test]
    fn the_providers_payment_time_is_written_the_italian_way() {
        assert_eq!(readable_payment_date_time("2026-11-27T10:15:00"), "27/11/2026 10:15");
        assert_eq!(readable_payment_date_time("2026-11-27T10:15:00.123+01:00"), "27/11/2026 10:15");
        assert_eq!(readable_payment_date_time("ieri"), "ieri");
        assert_eq!(readable_payment_date_time(""), "");
    }
}
