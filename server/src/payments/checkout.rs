//! pagoPA Checkout, the creditor body's side (`openapi/checkout_v1.json`):
//! `POST /carts` with up to five notices and the three return addresses;
//! Checkout answers 302 with the page where the citizen chooses how to pay.
//! The portal never follows that redirect itself: it sends the citizen's
//! browser there, in the same tab.

use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CartRequest {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email_notice: Option<String>,
    pub payment_notices: Vec<CartPaymentNotice>,
    pub return_urls: ReturnUrls,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id_cart: Option<String>,
    #[serde(rename = "allCCP", skip_serializing_if = "Option::is_none", default)]
    pub all_ccp: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CartPaymentNotice {
    pub notice_number: String,
    pub fiscal_code: String,
    /// Euro cents.
    pub amount: i64,
    pub company_name: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnUrls {
    pub return_ok_url: String,
    pub return_cancel_url: String,
    pub return_error_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error("Checkout did not answer: {0}")]
    Unreachable(String),
    #[error("Checkout refused the cart with status {0}")]
    Refused(u16),
    #[error("Checkout's answer has no usable Location")]
    NoLocation,
}

/// Checkout's limit per cart.
pub const MAXIMUM_NOTICES_PER_CART: usize = 5;

pub fn checkout_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(15))
        .build()
        .expect("an HTTP client with rustls and compiled-in roots")
}

/// Creates the cart and returns the absolute address of Checkout's page.
#[tracing::instrument(skip_all)]
pub async fn create_cart(http: &reqwest::Client, checkout_url: &str, cart: &CartRequest) -> Result<String, CheckoutError> {
    let carts_url = format!("{checkout_url}/carts");
    let response = http.post(&carts_url).json(cart).send().await.map_err(|error| CheckoutError::Unreachable(error.to_string()))?;
    let status = response.status();
    if status != reqwest::StatusCode::FOUND && !status.is_redirection() {
        return Err(CheckoutError::Refused(status.as_u16()));
    }
    let location = response.headers().get(reqwest::header::LOCATION).and_then(|value| value.to_str().ok()).ok_or(CheckoutError::NoLocation)?;
    // A relative Location is relative to the carts address.
    let absolute = url::Url::parse(&carts_url).and_then(|base| base.join(location)).map_err(|_| CheckoutError::NoLocation)?;
    if !matches!(absolute.scheme(), "https" | "http") {
        return Err(CheckoutError::NoLocation);
    }
    Ok(absolute.to_string())
}
