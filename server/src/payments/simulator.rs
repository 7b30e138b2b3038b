//! A pagoPA simulator inside the server, off unless
//! `SPORTELLO_PAGOPA_SIMULATOR=1` (development, the demo, the tests). It
//! plays Checkout (`POST …/carts`, a page to choose a payment provider and
//! an outcome) and the node, calling this server's creditor interface over
//! real HTTP with the same SOAP messages the node sends, checked against the
//! same XSDs — also duplicated, out of order, or never (a timeout).

use super::checkout::{CartRequest, MAXIMUM_NOTICES_PER_CART};
use super::node_messages::{
    cents_of, read_answer, write_get_payment_request, write_issued_stamp, write_send_receipt_request, write_verify_request, AnswerAsRead, InterfaceVersion,
    NodeCaller, NodeMessageSchema, QrCodeReference, ReceiptToSend, TransferPaidTo, TransferToSend,
};
use super::settings::PaymentSettings;
use crate::AppState;
use app::ids::CartId;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use quick_xml::escape::escape;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const SIMULATOR_PREFIX: &str = "/simulatore-pagopa";
pub const SIMULATED_CHECKOUT_PATH: &str = "/simulatore-pagopa/checkout/ec/v1";

/// The payment providers on the simulator's list (fictitious).
const PAYMENT_PROVIDERS: [(&str, &str); 3] =
    [("PROVAITMMXXX", "Banca di prova"), ("POSTAITPROVA", "Poste di prova"), ("CARTAITPROVA", "Carta di credito di prova")];

pub struct PagoPaSimulator {
    carts: Mutex<HashMap<CartId, CartRequest>>,
    carts_received: std::sync::atomic::AtomicUsize,
    /// This server's creditor interface, where the simulated node calls.
    creditor_interface_url: String,
    http: reqwest::Client,
}

impl PagoPaSimulator {
    pub fn new(own_address: std::net::SocketAddr) -> Arc<PagoPaSimulator> {
        Arc::new(PagoPaSimulator {
            carts: Mutex::new(HashMap::new()),
            carts_received: std::sync::atomic::AtomicUsize::new(0),
            creditor_interface_url: format!("http://{own_address}{}", super::node_interface::PA_FOR_NODE_PATH),
            http: reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build().expect("an HTTP client"),
        })
    }

    /// The Checkout base URL the portal uses when none is configured.
    pub fn checkout_url(own_address: std::net::SocketAddr) -> String {
        format!("http://{own_address}{SIMULATED_CHECKOUT_PATH}")
    }

    /// One message to the creditor interface, as the node sends it; both ways
    /// checked against pagoPA's XSDs.
    async fn call(&self, schema: &NodeMessageSchema, message: String) -> anyhow::Result<AnswerAsRead> {
        schema.check_message(&message).map_err(|problems| anyhow::anyhow!("the simulator wrote an invalid request: {problems:?}"))?;
        let answer =
            self.http.post(&self.creditor_interface_url).header(header::CONTENT_TYPE, "text/xml; charset=utf-8").body(message).send().await?.text().await?;
        schema.check_message(&answer).map_err(|problems| anyhow::anyhow!("the creditor answered an invalid message: {problems:?}"))?;
        read_answer(&answer).ok_or_else(|| anyhow::anyhow!("the creditor's answer cannot be read"))
    }

    /// How many carts Checkout was given (tests count them).
    pub fn carts_received(&self) -> usize {
        self.carts_received.load(std::sync::atomic::Ordering::SeqCst)
    }
}

fn simulator_of(state: &AppState) -> Option<&Arc<PagoPaSimulator>> {
    state.pagopa_simulator.as_ref()
}

fn problem(status: StatusCode, detail: &str) -> Response {
    (status, Json(serde_json::json!({ "type": "about:blank", "title": "Bad Request", "status": status.as_u16(), "detail": detail }))).into_response()
}

/// `POST /carts`, as Checkout answers it: 302 to the page of the cart.
#[tracing::instrument(skip_all)]
pub async fn simulated_post_carts(State(state): State<AppState>, cart: Result<Json<CartRequest>, axum::extract::rejection::JsonRejection>) -> Response {
    // Switched off, the simulator does not exist: 404 whatever was sent.
    let Some(simulator) = simulator_of(&state) else { return StatusCode::NOT_FOUND.into_response() };
    let Ok(Json(cart)) = cart else { return problem(StatusCode::BAD_REQUEST, "the cart is not JSON of the expected shape") };
    if cart.payment_notices.is_empty() || cart.payment_notices.len() > MAXIMUM_NOTICES_PER_CART {
        return problem(StatusCode::BAD_REQUEST, "paymentNotices: from 1 to 5");
    }
    for notice in &cart.payment_notices {
        let digits = |text: &str, length: usize| text.len() == length && text.bytes().all(|byte| byte.is_ascii_digit());
        if !digits(&notice.notice_number, 18) || !digits(&notice.fiscal_code, 11) || notice.amount < 1 || notice.description.chars().count() > 140 {
            return problem(StatusCode::BAD_REQUEST, "a payment notice is formally invalid");
        }
    }
    let Ok(id) = CartId::parse(&uuid::Uuid::new_v4().simple().to_string()) else {
        return problem(StatusCode::INTERNAL_SERVER_ERROR, "cannot name the cart");
    };
    simulator.carts_received.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    simulator.carts.lock().expect("carts").insert(id.clone(), cart);
    (StatusCode::FOUND, [(header::LOCATION, format!("{SIMULATOR_PREFIX}/carrello/{id}"))]).into_response()
}

fn euros(cents: i64) -> String {
    app::payments::amount::AmountInCents::from_cents(cents).map(|amount| amount.italian()).unwrap_or_else(|_| cents.to_string())
}

fn page(title: &str, body: &str) -> Response {
    Html(format!(
        "<!DOCTYPE html><html lang=\"it\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Simulatore pagoPA</title><link rel=\"stylesheet\" href=\"/pkg/sportello.css\"></head>\
         <body><header class=\"simulator-banner\"><p>Simulatore pagoPA · ambiente di prova, nessun pagamento reale</p></header>\
         <main id=\"contenuto\" class=\"container simulator\">{body}</main></body></html>",
        title = escape(title)
    ))
    .into_response()
}

/// The page where the citizen chooses a provider and (here) an outcome.
#[tracing::instrument(skip_all)]
pub async fn simulated_cart_page(State(state): State<AppState>, Path(cart_id): Path<String>) -> Response {
    let Ok(cart_id) = CartId::parse(&cart_id) else { return StatusCode::NOT_FOUND.into_response() };
    let Some(simulator) = simulator_of(&state) else { return StatusCode::NOT_FOUND.into_response() };
    let Some(cart) = simulator.carts.lock().expect("carts").get(&cart_id).cloned() else {
        return page("Carrello non trovato", "<h1>Carrello non trovato</h1><p>Questo carrello non esiste o è già stato pagato.</p>");
    };
    let total: i64 = cart.payment_notices.iter().map(|notice| notice.amount).sum();
    let notices: String = cart
        .payment_notices
        .iter()
        .map(|notice| format!("<li>{} – {} (avviso {})</li>", escape(&notice.description), euros(notice.amount), escape(&notice.notice_number)))
        .collect();
    let providers: String = PAYMENT_PROVIDERS
        .iter()
        .enumerate()
        .map(|(index, (code, name))| {
            let checked = if index == 0 { " checked" } else { "" };
            format!("<div class=\"choice\"><input type=\"radio\" id=\"psp-{code}\" name=\"psp\" value=\"{code}\"{checked}><label for=\"psp-{code}\">{name}</label></div>")
        })
        .collect();
    let outcomes: String = [("pagato", "Pagamento riuscito"), ("rifiutato", "Pagamento rifiutato dalla banca"), ("abbandonato", "Pagamento abbandonato"), ("timeout", "Nessuna risposta (timeout)")]
        .iter()
        .enumerate()
        .map(|(index, (code, label))| {
            let checked = if index == 0 { " checked" } else { "" };
            format!("<div class=\"choice\"><input type=\"radio\" id=\"esito-{code}\" name=\"esito\" value=\"{code}\"{checked}><label for=\"esito-{code}\">{label}</label></div>")
        })
        .collect();
    let body = format!(
        "<h1>Scegli come pagare</h1><h2>Avvisi nel carrello</h2><ul>{notices}</ul><p>Totale: <strong>{total}</strong></p>\
         <form method=\"post\" action=\"{SIMULATOR_PREFIX}/carrello/{cart_id}\">\
         <fieldset><legend>Prestatore di servizi di pagamento</legend>{providers}</fieldset>\
         <fieldset><legend>Esito da simulare</legend>{outcomes}</fieldset>\
         <fieldset><legend>Consegna della ricevuta</legend>\
         <div class=\"choice\"><input type=\"checkbox\" id=\"duplica\" name=\"duplica\" value=\"1\"><label for=\"duplica\">Inviala due volte</label></div>\
         <div class=\"choice\"><input type=\"checkbox\" id=\"inverti\" name=\"inverti\" value=\"1\"><label for=\"inverti\">Inviala prima della richiesta di pagamento</label></div>\
         <div class=\"choice\"><input type=\"checkbox\" id=\"dopo\" name=\"dopo\" value=\"1\"><label for=\"dopo\">Inviala {delay} secondi dopo il ritorno al sito del Comune, come spesso fa il nodo</label></div>\
         </fieldset><button type=\"submit\" class=\"button button-primary\">Conferma</button></form>\
         <p><a href=\"{cancel}\">Annulla e torna al sito del Comune</a></p>",
        total = euros(total),
        cancel = escape(&cart.return_urls.return_cancel_url),
        delay = RECEIPT_DELAY_AFTER_RETURN.as_secs(),
    );
    page("Scegli come pagare", &body)
}

#[derive(serde::Deserialize)]
pub struct SimulatedChoice {
    psp: String,
    esito: String,
    #[serde(default)]
    duplica: Option<String>,
    #[serde(default)]
    inverti: Option<String>,
    #[serde(default)]
    dopo: Option<String>,
}

/// The citizen confirmed: the simulated node talks to the creditor
/// interface, then the browser goes back to the Comune.
#[tracing::instrument(skip_all)]
pub async fn simulated_cart_confirmed(
    State(state): State<AppState>,
    Path(cart_id): Path<String>,
    choice: Result<Form<SimulatedChoice>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(cart_id) = CartId::parse(&cart_id) else { return StatusCode::NOT_FOUND.into_response() };
    let Some(simulator) = simulator_of(&state) else { return StatusCode::NOT_FOUND.into_response() };
    let Ok(Form(choice)) = choice else { return problem(StatusCode::BAD_REQUEST, "choose a payment provider and an outcome") };
    let Some(cart) = simulator.carts.lock().expect("carts").get(&cart_id).cloned() else {
        return page("Carrello non trovato", "<h1>Carrello non trovato</h1><p>Questo carrello non esiste o è già stato pagato.</p>");
    };
    let Some((psp_id, psp_name)) = PAYMENT_PROVIDERS.iter().find(|(code, _)| *code == choice.psp) else {
        return problem(StatusCode::BAD_REQUEST, "unknown payment provider");
    };
    let node = SimulatedNode { simulator, schema: &state.node_message_schema, settings: &state.config.payments };
    let outcome = match choice.esito.as_str() {
        "pagato" => SimulatedOutcome::Paid,
        "rifiutato" => SimulatedOutcome::Refused,
        "abbandonato" => SimulatedOutcome::Abandoned,
        "timeout" => SimulatedOutcome::Timeout,
        _ => return problem(StatusCode::BAD_REQUEST, "unknown outcome"),
    };
    if outcome != SimulatedOutcome::Abandoned {
        // Used up: a cart is paid (or fails) once; an abandoned one can be taken up again.
        simulator.carts.lock().expect("carts").remove(&cart_id);
    }
    let delivery = ReceiptDelivery {
        twice: choice.duplica.is_some(),
        before_payment_request: choice.inverti.is_some(),
        after_return: choice.dopo.is_some().then_some(RECEIPT_DELAY_AFTER_RETURN),
    };
    let mut all_went_through = true;
    for notice in &cart.payment_notices {
        let qr_code = QrCodeReference { creditor_fiscal_code: notice.fiscal_code.clone(), notice_number: notice.notice_number.clone() };
        match node.pay(&qr_code, outcome, delivery, psp_id, psp_name).await {
            Ok(true) => {}
            Ok(false) => all_went_through = false,
            Err(error) => {
                tracing::warn!(error = %error, "the simulated node could not finish a payment");
                all_went_through = false;
            }
        }
    }
    let back_to = match outcome {
        SimulatedOutcome::Paid if all_went_through => &cart.return_urls.return_ok_url,
        SimulatedOutcome::Abandoned => &cart.return_urls.return_cancel_url,
        _ => &cart.return_urls.return_error_url,
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, back_to.clone())]).into_response()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimulatedOutcome {
    Paid,
    Refused,
    Abandoned,
    Timeout,
}

/// With the real node the receipt often arrives after the citizen is back
/// on the Comune's site: the simulator can wait this long before sending it.
pub const RECEIPT_DELAY_AFTER_RETURN: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Clone, Copy, Debug, Default)]
pub struct ReceiptDelivery {
    pub twice: bool,
    pub before_payment_request: bool,
    /// Sent this long after the browser was sent back, not before.
    pub after_return: Option<std::time::Duration>,
}

pub struct SimulatedNode<'a> {
    simulator: &'a Arc<PagoPaSimulator>,
    schema: &'a NodeMessageSchema,
    settings: &'a PaymentSettings,
}

impl SimulatedNode<'_> {
    fn caller(&self) -> NodeCaller {
        NodeCaller {
            creditor_id: self.settings.creditor_fiscal_code.to_string(),
            broker_id: self.settings.broker_id.clone(),
            station_id: self.settings.station_id.clone(),
        }
    }

    async fn call(&self, message: String) -> anyhow::Result<AnswerAsRead> {
        self.simulator.call(self.schema, message).await
    }

    /// The receipt sent by a task of its own once `delay` has passed: the
    /// browser is back on the Comune's site by then.
    fn send_later(&self, message: String, times: usize, delay: std::time::Duration) {
        let (simulator, schema) = (Arc::clone(self.simulator), self.schema.clone());
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            for _ in 0..times {
                match simulator.call(&schema, message.clone()).await {
                    Ok(answer) if answer.outcome_ok => {}
                    Ok(answer) => tracing::warn!(fault = ?answer.fault_code, "the creditor refused a late receipt"),
                    Err(error) => tracing::warn!(error = %error, "the simulated node could not send a late receipt"),
                }
            }
        });
    }

    /// One notice, as the node would handle it. `Ok(false)`: the creditor
    /// refused (the notice cannot be paid now).
    pub async fn pay(
        &self,
        qr_code: &QrCodeReference,
        outcome: SimulatedOutcome,
        delivery: ReceiptDelivery,
        psp_id: &str,
        psp_name: &str,
    ) -> anyhow::Result<bool> {
        let verified = self.call(write_verify_request(&self.caller(), qr_code)).await?;
        if !verified.outcome_ok || outcome == SimulatedOutcome::Abandoned {
            return Ok(verified.outcome_ok);
        }
        let amount = verified.amount.clone().unwrap_or_default();
        let receipt = |payment: &AnswerAsRead, outcome_ok: bool| {
            let cents = cents_of(&amount).unwrap_or(0);
            let iuv = payment.creditor_reference_id.clone().unwrap_or_else(|| qr_code.notice_number[1..].to_string());
            ReceiptToSend {
                receipt_id: format!("{}-{}", psp_id, uuid::Uuid::new_v4().simple()),
                notice_number: qr_code.notice_number.clone(),
                creditor_fiscal_code: qr_code.creditor_fiscal_code.clone(),
                outcome_ok,
                creditor_reference_id: iuv,
                amount_cents: cents,
                description: payment.description.clone().or_else(|| verified.description.clone()).unwrap_or_else(|| "Pagamento".to_string()),
                company_name: self.settings.creditor_name.clone(),
                debtor_fiscal_code: payment.debtor_fiscal_code.clone().unwrap_or_else(|| "ANONIMO".to_string()),
                debtor_name: payment.debtor_name.clone().unwrap_or_else(|| "Pagatore".to_string()),
                transfers: if payment.transfers.is_empty() {
                    // A receipt overtaking the payment request knows no transfers yet: the whole amount to the treasury.
                    vec![TransferToSend {
                        amount_cents: cents,
                        creditor_fiscal_code: qr_code.creditor_fiscal_code.clone(),
                        paid_to: TransferPaidTo::Iban(self.settings.treasury_iban.clone()),
                        remittance: "Pagamento".to_string(),
                        category: "9/0201100IM/".to_string(),
                    }]
                } else {
                    payment
                        .transfers
                        .iter()
                        .map(|transfer| {
                            TransferToSend::paid(transfer, |document_hash| {
                                let identifier = format!("{}", uuid::Uuid::new_v4().as_u128() % 100_000_000_000_000);
                                let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string();
                                write_issued_stamp("00000000000", psp_name, &identifier, &now, cents_of(&transfer.amount).unwrap_or(0), document_hash)
                            })
                        })
                        .collect()
                },
                psp_id: psp_id.to_string(),
                psp_name: psp_name.to_string(),
                channel_id: format!("{psp_id}_01"),
                payment_method: "CP".to_string(),
                fee_cents: 150,
                payment_date_time: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            }
        };
        let times = if delivery.twice { 2 } else { 1 };
        let send = |receipt: ReceiptToSend| async move {
            let message = write_send_receipt_request(InterfaceVersion::V2, &self.caller(), &receipt);
            if let Some(delay) = delivery.after_return {
                self.send_later(message, times, delay);
                return anyhow::Ok(());
            }
            for _ in 0..times {
                let answer = self.call(message.clone()).await?;
                anyhow::ensure!(answer.outcome_ok, "the creditor refused the receipt: {:?}", answer.fault_code);
            }
            anyhow::Ok(())
        };
        if delivery.before_payment_request && outcome == SimulatedOutcome::Paid {
            // Out of order: the receipt overtakes the payment request.
            send(receipt(&verified, true)).await?;
            let late = self.call(write_get_payment_request(InterfaceVersion::V2, &self.caller(), qr_code)).await?;
            tracing::debug!(late_request_ok = late.outcome_ok, "the overtaken payment request");
            return Ok(true);
        }
        let payment = self.call(write_get_payment_request(InterfaceVersion::V2, &self.caller(), qr_code)).await?;
        if !payment.outcome_ok {
            return Ok(false);
        }
        match outcome {
            SimulatedOutcome::Paid => send(receipt(&payment, true)).await?,
            SimulatedOutcome::Refused => send(receipt(&payment, false)).await?,
            // The payment started and nothing more came: reconciliation's case.
            SimulatedOutcome::Timeout | SimulatedOutcome::Abandoned => {}
        }
        Ok(true)
    }
}
