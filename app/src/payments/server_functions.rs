//! Typed server functions of the payments pages.

use super::model::{CartOutcome, PaymentLookup, PaymentView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn payments_port() -> Result<super::ssr::SharedPaymentsPort, ServerFnError> {
    use_context::<super::ssr::SharedPaymentsPort>().ok_or_else(|| ServerFnError::new("payments port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "payments operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[server(prefix = "/api", endpoint = "payments/mine")]
pub async fn get_my_payments() -> Result<Vec<PaymentView>, ServerFnError> {
    let user = crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))?;
    payments_port()?.my_payments(&user).await.map_err(hidden("my_payments"))
}

/// The positions of one of the person's carts; also what the outcome page's
/// island asks for every few seconds. A read, so a GET: a POST must carry
/// the CSRF token, which the island does not hold, and every poll was refused.
#[server(prefix = "/api", endpoint = "payments/cart", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_cart_outcome(cart_id: String) -> Result<Option<CartOutcome>, ServerFnError> {
    let user = crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))?;
    if cart_id.len() > 64 || !cart_id.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    payments_port()?.cart_outcome(&user, &cart_id).await.map_err(hidden("cart_outcome"))
}

/// "Verifica un pagamento": anyone, no login; the state only.
#[server(prefix = "/api", endpoint = "payments/lookup")]
pub async fn look_up_payment(creditor_fiscal_code: String, notice_number: String) -> Result<PaymentLookup, ServerFnError> {
    let parts = use_context::<http::request::Parts>().ok_or_else(|| ServerFnError::new("request missing from context"))?;
    payments_port()?.public_lookup(&creditor_fiscal_code, &notice_number, &parts).await.map_err(hidden("public_lookup"))
}
