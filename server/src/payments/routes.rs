//! The citizen's payment routes that are not pages: "Paga online" (a form
//! post answered with a redirect to pagoPA Checkout, same tab), the payment
//! notice's PDF and, once paid, the receipt's.

use super::carts::checkout_location;
use super::notice_pdf::{render_payment_notice_pdf, PaymentNoticeContent};
use super::positions::{change_status, owned_position, owned_receipt, PositionsToChange, StatusChange};
use super::receipt_pdf::{render_payment_receipt_pdf, PaymentReceiptContent};
use crate::auth::sessions::{percent_encode_component, redirect_to};
use crate::http::downloads::private_pdf;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, Path, SignedIn, UserLocale};
use crate::AppState;
use anyhow::Context;
use app::ids::PositionId;
use app::payments::amount::AmountInCents;
use app::payments::forms::{CancelNoticeForm, PayOnlineForm, SpontaneousPaymentForm};
use app::payments::pages::MY_PAYMENTS_PATH;
use axum::extract::State;
use axum::response::Response;

/// POST `/area-personale/pagamenti/paga`: one to five of the citizen's
/// positions go to Checkout; the browser follows (303) in the same tab.
/// Mistakes come back to "I miei pagamenti" with the reason and the choice kept.
#[tracing::instrument(skip_all)]
pub async fn pay_online(State(state): State<AppState>, SignedIn(user): SignedIn, form: Form<PayOnlineForm>) -> Result<Response, AppError> {
    let chosen = &form.fields.positions;
    match checkout_location(&state, &user, chosen).await? {
        Ok(location) => Ok(redirect_to(&location)),
        Err(problem) => {
            let kept = chosen.iter().map(|id| percent_encode_component(id)).collect::<Vec<_>>().join(",");
            Ok(redirect_to(&format!("{MY_PAYMENTS_PATH}?errore={problem}&scelti={kept}#riepilogo-errori")))
        }
    }
}

/// POST `/area-personale/pagamenti/annulla`: the owner cancels a notice
/// they may cancel (a spontaneous payment nobody is paying), after ticking
/// the confirmation. Another person's notice is not found; one that cannot
/// be cancelled, or no confirmation, comes back with the reason.
#[tracing::instrument(skip_all)]
pub async fn cancel_notice(State(state): State<AppState>, SignedIn(user): SignedIn, form: Form<CancelNoticeForm>) -> Result<Response, AppError> {
    let position_id = form.fields.position.as_deref().and_then(|id| PositionId::parse(id).ok()).ok_or(AppError::NotFound)?;
    let kind = owned_position(&state.pool, &position_id, &user.account_id).await?.ok_or(AppError::NotFound)?.kind;
    if !form.fields.confirmed() {
        return Ok(redirect_to(&format!("{MY_PAYMENTS_PATH}?errore=conferma-annullamento#riepilogo-errori")));
    }
    if !kind.cancellable_by_payer() {
        return Ok(redirect_to(&format!("{MY_PAYMENTS_PATH}?errore=non-annullabile#riepilogo-errori")));
    }
    // Conditional on nobody paying it: a payment started meanwhile wins.
    let owned = PositionsToChange::OwnedBy { id: &position_id, account_id: &user.account_id };
    if change_status(&state.pool, owned, StatusChange::Cancel).await? == 0 {
        return Ok(redirect_to(&format!("{MY_PAYMENTS_PATH}?errore=non-annullabile#riepilogo-errori")));
    }
    tracing::info!(kind = %kind.code(), "a notice cancelled by its owner");
    Ok(redirect_to(&format!("{MY_PAYMENTS_PATH}?annullato=1")))
}

/// GET `/area-personale/pagamenti/<id>/avviso.pdf`: the owner's notice.
#[tracing::instrument(skip_all)]
pub async fn download_payment_notice(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(position_id): Path<PositionId>,
) -> Result<Response, AppError> {
    let position = owned_position(&state.pool, &position_id, &user.account_id).await?.ok_or(AppError::NotFound)?;
    let due_italian = position.due_on.as_deref().and_then(app::practices::validation::parse_date).map(app::practices::calendar::italian_date);
    let pdf = render_payment_notice_pdf(
        &state.config.payments,
        &PaymentNoticeContent {
            notice_number: position.notice_number,
            amount: position.amount,
            description: &position.description,
            payer_name: &position.payer_name,
            payer_fiscal_code: &position.payer_fiscal_code,
            due_on: due_italian.as_deref(),
        },
    )
    .or_internal("render_payment_notice")?;
    Ok(private_pdf(pdf, &format!("avviso-{}.pdf", position.notice_number)))
}

/// GET `/area-personale/pagamenti/<id>/ricevuta.pdf`: the owner's receipt of
/// a paid position; a position without a receipt has none (404).
#[tracing::instrument(skip_all)]
pub async fn download_payment_receipt(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(position_id): Path<PositionId>,
) -> Result<Response, AppError> {
    let receipt = owned_receipt(&state.pool, &position_id, &user.account_id).await?.ok_or(AppError::NotFound)?;
    let shares = super::transfer_plans::receipt_share_lines(&state.pool, &state.config.payments, &position_id).await.or_internal("read_payment_shares")?;
    let recorded_at = app::practices::calendar::italian_date_time_of_unix_seconds(receipt.received_at);
    let paid_at = receipt.paid_at_text.as_deref().map(readable_payment_date_time).unwrap_or_else(|| recorded_at.clone());
    let position = &receipt.position;
    let pdf = render_payment_receipt_pdf(
        &state.config.payments,
        &PaymentReceiptContent {
            notice_number: position.notice_number,
            amount: AmountInCents::from_cents(receipt.amount_cents).context("stored amount")?,
            fee: receipt.fee_cents.filter(|cents| *cents > 0).map(AmountInCents::from_cents).transpose().context("stored fee")?,
            description: &position.description,
            payer_name: &position.payer_name,
            payer_fiscal_code: &position.payer_fiscal_code,
            paid_at: &paid_at,
            recorded_at: &recorded_at,
            provider_name: &receipt.provider_name,
            provider_id: &receipt.provider_id,
            receipt_id: &receipt.receipt_id,
            shares: &shares,
        },
    );
    Ok(private_pdf(pdf, &format!("ricevuta-{}.pdf", position.notice_number)))
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
#[tracing::instrument(skip_all)]
pub async fn create_spontaneous_payment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path(code): Path<String>,
    form: Form<SpontaneousPaymentForm>,
) -> Result<Response, AppError> {
    use app::payments::spontaneous::{check_spontaneous_payment, spontaneous_payment_type};
    let kind = spontaneous_payment_type(&code).ok_or(AppError::NotFound)?;
    let fields = &form.fields;
    let checked = check_spontaneous_payment(kind, &fields.reason, &fields.amount, locale).map_err(|problems| form.with_problems(problems))?;
    let token = Some(fields.request_token.clone())
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
    super::positions::open_debt_position(&state.pool, state.config.payments.segregation_code, &debt).await.or_internal("open_spontaneous_payment")?;
    Ok(redirect_to(&format!("{MY_PAYMENTS_PATH}?creato=1")))
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
