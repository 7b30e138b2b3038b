//! pagoPA payments (issue 5). Pure rules, shared by the WASM client and the
//! server: `amount.rs` (amounts in integer cents, as pagoPA's bounds allow),
//! `notice_number.rs` (the 18-digit notice number with auxiliary digit 3,
//! its IUV and check digits), `creditor.rs` (the creditor body's 11-digit
//! fiscal code), `qr_payload.rs` (what the payment notice's QR code says),
//! `model.rs` (what a debt position is for and where it stands),
//! `transfers.rs` (where the money goes: up to five transfers, IBAN or the
//! digital stamp duty); `forms.rs` (the payment forms' typed fields); `pages.rs`
//! ("I miei pagamenti" and the way back from pagoPA, with the island that
//! refreshes it), `server_functions.rs`, `ssr.rs` (the `PaymentsPort`).

pub mod amount;
pub mod creditor;
pub mod forms;
pub mod model;
pub mod notice_number;
pub mod pages;
pub mod qr_payload;
pub mod server_functions;
pub mod spontaneous;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod transfers;
