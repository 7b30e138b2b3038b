//! "Paga online": a citizen's notices (one to five) go to pagoPA Checkout
//! as one cart, and the citizen's browser follows Checkout's page in the
//! same tab. A position is claimed for one live cart at a time; a second
//! click, tab or back-and-forward finds the live cart and the same page.

use super::checkout::{create_cart, CartPaymentNotice, CartRequest, ReturnUrls, MAXIMUM_NOTICES_PER_CART};
use super::settings::PaymentSettings;
use anyhow::Context;
use app::payments::model::{payability, NotPayable, PositionStatus};
use sqlx::{AnyPool, Row};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum PayOnlineError {
    #[error("no notice chosen, or more than five")]
    WrongNumberOfNotices,
    #[error("a notice is not the citizen's")]
    NotFound,
    #[error("a notice cannot be paid now: {0:?}")]
    NotPayable(NotPayable),
    #[error("a notice is in another payment being started")]
    InAnotherCart,
    #[error("paying online is not configured")]
    Unavailable,
    #[error("pagoPA Checkout did not take the cart: {0}")]
    CheckoutFailed(String),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

/// Where a cart's citizen comes back to: `<public URL>/area-personale/pagamenti/esito/<cart>?esito=…`.
pub fn return_urls(public_url: &str, cart_id: &str) -> ReturnUrls {
    let base = format!("{}{}", public_url.trim_end_matches('/'), app::routes::payment_outcome_path(cart_id));
    ReturnUrls {
        return_ok_url: format!("{base}?esito=ok"),
        return_cancel_url: format!("{base}?esito=annullato"),
        return_error_url: format!("{base}?esito=errore"),
    }
}

struct ChosenPosition {
    id: String,
    notice_number: String,
    amount_cents: i64,
    description: String,
    cart_id: Option<String>,
    cart_started_at: Option<i64>,
}

/// Where carts go and where citizens come back to.
pub struct CheckoutConnection<'a> {
    pub http: &'a reqwest::Client,
    /// None: paying online is not available.
    pub checkout_url: Option<&'a str>,
    pub public_url: &'a str,
    pub settings: &'a PaymentSettings,
}

/// Who pays: the positions must be theirs; Checkout mails the receipt to the email.
pub struct CartPayer<'a> {
    pub account_id: &'a str,
    pub email: Option<&'a str>,
}

/// The Checkout page for the citizen's chosen positions: the live cart's if
/// they are all in one, otherwise a new cart's.
#[tracing::instrument(skip_all)]
pub async fn checkout_page_for(
    pool: &AnyPool,
    checkout: &CheckoutConnection<'_>,
    payer: &CartPayer<'_>,
    position_ids: &[String],
    now: i64,
) -> Result<String, PayOnlineError> {
    let CheckoutConnection { http, checkout_url, public_url, settings } = *checkout;
    let CartPayer { account_id, email } = *payer;
    let mut position_ids: Vec<String> = position_ids.to_vec();
    position_ids.sort();
    position_ids.dedup();
    if position_ids.is_empty() || position_ids.len() > MAXIMUM_NOTICES_PER_CART {
        return Err(PayOnlineError::WrongNumberOfNotices);
    }
    let checkout_url = checkout_url.ok_or(PayOnlineError::Unavailable)?;
    let stale_before = now - settings.payment_hold_seconds;
    // Several attempts: a concurrent click may be creating the cart these
    // positions belong to; its page appears as soon as Checkout answers it.
    for attempt in 0..40 {
        let chosen = chosen_positions(pool, account_id, &position_ids, settings, now).await?;
        let live_carts: Vec<Option<&str>> = chosen
            .iter()
            .map(|position| position.cart_id.as_deref().filter(|_| position.cart_started_at.is_some_and(|started| started > stale_before)))
            .collect();
        if let Some(Some(cart_id)) = live_carts.first().copied() {
            if live_carts.iter().all(|cart| *cart == Some(cart_id)) && cart_size(pool, cart_id).await? == chosen.len() as i64 {
                if let Some(location) = cart_location(pool, cart_id).await? {
                    return Ok(location);
                }
                tokio::time::sleep(Duration::from_millis(100 + attempt * 10)).await;
                continue;
            }
        }
        if live_carts.iter().any(Option::is_some) {
            return Err(PayOnlineError::InAnotherCart);
        }
        let cart_id = uuid::Uuid::new_v4().simple().to_string();
        if !claim_for_cart(pool, account_id, &cart_id, &chosen, stale_before, now).await? {
            // Another click claimed them first: look again for its cart.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        }
        let cart = CartRequest {
            email_notice: email.map(str::to_string),
            payment_notices: chosen
                .iter()
                .map(|position| CartPaymentNotice {
                    notice_number: position.notice_number.clone(),
                    fiscal_code: settings.creditor_fiscal_code.to_string(),
                    amount: position.amount_cents,
                    company_name: settings.creditor_name.chars().take(140).collect(),
                    description: position.description.chars().take(140).collect(),
                })
                .collect(),
            return_urls: return_urls(public_url, &cart_id),
            id_cart: Some(cart_id.clone()),
            all_ccp: Some(false),
        };
        return match create_cart(http, checkout_url, &cart).await {
            Ok(location) => {
                sqlx::query("UPDATE checkout_carts SET location = $1 WHERE id = $2")
                    .bind(&location)
                    .bind(&cart_id)
                    .execute(pool)
                    .await
                    .context("cannot keep Checkout's page of a cart")?;
                tracing::info!(notices = chosen.len(), "cart sent to pagoPA Checkout");
                Ok(location)
            }
            Err(error) => {
                tracing::warn!(error = %error, "pagoPA Checkout did not take a cart");
                // Let the next click try again at once.
                sqlx::query("UPDATE debt_positions SET cart_id = NULL, cart_started_at = NULL WHERE cart_id = $1")
                    .bind(&cart_id)
                    .execute(pool)
                    .await
                    .context("cannot release the positions of a failed cart")?;
                Err(PayOnlineError::CheckoutFailed(error.to_string()))
            }
        };
    }
    Err(PayOnlineError::InAnotherCart)
}

async fn chosen_positions(
    pool: &AnyPool,
    account_id: &str,
    position_ids: &[String],
    settings: &PaymentSettings,
    now: i64,
) -> Result<Vec<ChosenPosition>, PayOnlineError> {
    let mut chosen = Vec::new();
    for id in position_ids {
        let row = sqlx::query(
            "SELECT id, notice_number, amount_cents, description, status, payment_started_at, cart_id, cart_started_at \
             FROM debt_positions WHERE id = $1 AND account_id = $2",
        )
        .bind(id)
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot read a position to pay")?
        .ok_or(PayOnlineError::NotFound)?;
        let status: String = row.try_get("status").context("status")?;
        let status = PositionStatus::from_code(&status).context("unknown position status")?;
        payability(status, row.try_get("payment_started_at").context("payment_started_at")?, now, settings.payment_hold_seconds)
            .map_err(PayOnlineError::NotPayable)?;
        chosen.push(ChosenPosition {
            id: row.try_get("id").context("id")?,
            notice_number: row.try_get("notice_number").context("notice_number")?,
            amount_cents: row.try_get("amount_cents").context("amount_cents")?,
            description: row.try_get("description").context("description")?,
            cart_id: row.try_get("cart_id").context("cart_id")?,
            cart_started_at: row.try_get("cart_started_at").context("cart_started_at")?,
        });
    }
    Ok(chosen)
}

async fn cart_size(pool: &AnyPool, cart_id: &str) -> anyhow::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM debt_positions WHERE cart_id = $1").bind(cart_id).fetch_one(pool).await.context("cannot count a cart")
}

async fn cart_location(pool: &AnyPool, cart_id: &str) -> anyhow::Result<Option<String>> {
    let location: Option<Option<String>> =
        sqlx::query_scalar("SELECT location FROM checkout_carts WHERE id = $1").bind(cart_id).fetch_optional(pool).await.context("cannot read a cart")?;
    Ok(location.flatten())
}

/// Claims every chosen position for the new cart, or none of them.
async fn claim_for_cart(pool: &AnyPool, account_id: &str, cart_id: &str, chosen: &[ChosenPosition], stale_before: i64, now: i64) -> anyhow::Result<bool> {
    let mut transaction = pool.begin().await.context("cannot start a cart")?;
    sqlx::query("INSERT INTO checkout_carts (id, account_id, location, created_at) VALUES ($1, $2, NULL, $3)")
        .bind(cart_id)
        .bind(account_id)
        .bind(now)
        .execute(&mut *transaction)
        .await
        .context("cannot record a cart")?;
    for position in chosen {
        let claimed = sqlx::query(
            "UPDATE debt_positions SET cart_id = $1, cart_started_at = $2 \
             WHERE id = $3 AND (cart_id IS NULL OR cart_started_at IS NULL OR cart_started_at <= $4)",
        )
        .bind(cart_id)
        .bind(now)
        .bind(&position.id)
        .bind(stale_before)
        .execute(&mut *transaction)
        .await
        .context("cannot claim a position for a cart")?
        .rows_affected();
        if claimed == 0 {
            transaction.rollback().await.context("cannot give a cart's claims back")?;
            return Ok(false);
        }
        sqlx::query("INSERT INTO cart_positions (cart_id, position_id) VALUES ($1, $2)")
            .bind(cart_id)
            .bind(&position.id)
            .execute(&mut *transaction)
            .await
            .context("cannot record a cart's position")?;
    }
    transaction.commit().await.context("cannot commit a cart")?;
    Ok(true)
}

/// Checkout's page for these positions of the citizen (one live cart per
/// position, a repeated click finds the same page), or the code of the
/// problem the pages explain (`app::payments::pages::pay_error_text`).
#[tracing::instrument(skip_all)]
pub async fn checkout_location(
    state: &crate::AppState,
    user: &app::auth::model::CurrentUser,
    chosen: &[String],
) -> Result<Result<String, &'static str>, crate::http::errors::AppError> {
    let account = crate::auth::accounts::find_account_by_id(&state.pool, &user.account_id).await?;
    let email = account.and_then(|account| account.email);
    let checkout = CheckoutConnection {
        http: &state.checkout_http,
        checkout_url: state.checkout_url.as_deref(),
        public_url: &state.config.public_url,
        settings: &state.config.payments,
    };
    let payer = CartPayer { account_id: &user.account_id, email: email.as_deref() };
    let result = checkout_page_for(&state.pool, &checkout, &payer, chosen, crate::auth::tokens::now_unix_seconds()).await;
    Ok(Err(match result {
        Ok(location) => return Ok(Ok(location)),
        Err(PayOnlineError::WrongNumberOfNotices) => "numero",
        Err(PayOnlineError::NotFound) => "sconosciuto",
        Err(PayOnlineError::NotPayable(app::payments::model::NotPayable::AlreadyPaid)) => "pagato",
        Err(PayOnlineError::NotPayable(app::payments::model::NotPayable::PaymentInProgress)) | Err(PayOnlineError::InAnotherCart) => "in-corso",
        Err(PayOnlineError::NotPayable(_)) => "non-pagabile",
        Err(PayOnlineError::Unavailable) | Err(PayOnlineError::CheckoutFailed(_)) => "pagopa",
        Err(PayOnlineError::Storage(error)) => return Err(crate::http::errors::AppError::internal("pay_online", error)),
    }))
}
