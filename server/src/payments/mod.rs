//! pagoPA payments, the server's half: `positions.rs` opens a debt position
//! once per debt, with the next notice number of the configured segregation
//! code (`practice_fees.rs`: a procedure's fee, opened when the practice
//! is filed; `transfer_plans.rs`: the TARI with the province's TEFA, and
//! the digital stamp duty bound to a document); `settings.rs` is how the Comune appears on pagoPA (checked at
//! start); `notice_pdf.rs` prints the payment notice with its QR code and
//! `receipt_pdf.rs` the receipt of a paid one;
//! `node_messages.rs` reads and writes the SOAP messages of pagoPA's creditor
//! interface against the official XSDs and `node_interface.rs` answers them;
//! `checkout.rs` and `carts.rs` send the citizen to pagoPA Checkout (one live
//! cart per position), `routes.rs` has the citizen's non-page routes,
//! `reconciliation.rs` frees payments started without a receipt, `demo.rs`
//! opens the demo citizen's debts, `messages.rs` is what the message centre
//! tells the citizen (a new notice, a receipt), and
//! `simulator.rs` plays Checkout and the node in development and tests.

pub mod carts;
pub mod checkout;
pub mod demo;
pub mod messages;
pub mod node_interface;
pub mod node_messages;
pub mod notice_pdf;
pub mod port;
pub mod positions;
pub mod practice_fees;
pub mod receipt_pdf;
pub mod reconciliation;
pub mod routes;
pub mod settings;
pub mod simulator;
pub mod transfer_plans;
