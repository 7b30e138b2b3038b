//! The payments port: what the payments pages' server functions need from
//! storage. The server crate implements it with sqlx.

use super::model::{CartOutcome, PaymentLookup, PaymentView};
use crate::auth::model::CurrentUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait PaymentsPort: Send + Sync + 'static {
    /// The person's positions, newest first.
    async fn my_payments(&self, owner: &CurrentUser) -> Result<Vec<PaymentView>, String>;
    /// The positions of one of the person's carts (anyone else's: None).
    async fn cart_outcome(&self, owner: &CurrentUser, cart_id: &str) -> Result<Option<CartOutcome>, String>;
    /// "Verifica un pagamento": the state of a notice of this creditor,
    /// rate-limited per client address (the request says who asks).
    async fn public_lookup(&self, creditor_fiscal_code: &str, notice_number: &str, request: &http::request::Parts) -> Result<PaymentLookup, String>;
}

pub type SharedPaymentsPort = Arc<dyn PaymentsPort>;
