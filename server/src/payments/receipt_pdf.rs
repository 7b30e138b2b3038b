//! The payment receipt (ricevuta di pagamento) a citizen downloads from "I
//! miei pagamenti" once pagoPA's receipt has arrived: what was paid, to whom,
//! when, through which provider, and the receipt's identifier — what a
//! counter clerk or an auditor asks for to trace the payment at the node.

use super::settings::PaymentSettings;
use crate::pdf_text::{wrap, TextLayout, CHARACTERS_PER_LINE};
use app::payments::amount::AmountInCents;
use app::payments::notice_number::NoticeNumber;

pub struct PaymentReceiptContent<'a> {
    pub notice_number: NoticeNumber,
    pub amount: AmountInCents,
    /// The provider's fee, when the receipt states it (paid on top, to the provider).
    pub fee: Option<AmountInCents>,
    pub description: &'a str,
    pub payer_name: &'a str,
    pub payer_fiscal_code: &'a str,
    /// dd/mm/yyyy hh:mm, as the provider dated the payment.
    pub paid_at: &'a str,
    /// dd/mm/yyyy hh:mm, when the Comune received the receipt.
    pub recorded_at: &'a str,
    pub provider_name: &'a str,
    pub provider_id: &'a str,
    pub receipt_id: &'a str,
    /// How the amount was shared among beneficiaries (empty: all to the Comune).
    pub shares: &'a [String],
}

pub fn render_payment_receipt_pdf(settings: &PaymentSettings, receipt: &PaymentReceiptContent) -> Vec<u8> {
    let mut layout = TextLayout::new();
    layout.line(&settings.creditor_name, b"F2", 16.0, 4.0);
    layout.line("Ricevuta di pagamento pagoPA", b"F2", 14.0, 4.0);
    if settings.demo_values {
        layout.line("FACSIMILE: ricevuta di prova dell'ambiente di sviluppo, senza valore", b"F2", 10.0, 4.0);
    }
    layout.y -= 8.0;
    layout.line("Oggetto del pagamento", b"F2", 11.0, 3.0);
    for line in wrap(receipt.description, CHARACTERS_PER_LINE) {
        layout.line(&line, b"F1", 10.0, 3.0);
    }
    layout.y -= 6.0;
    layout.line(&format!("Importo pagato: {}", receipt.amount.italian()), b"F2", 13.0, 8.0);
    let fee = receipt.fee.map(|fee| format!("{} (al prestatore, non al Comune)", fee.italian()));
    let rows = [
        ("Ente creditore", settings.creditor_name.as_str()),
        ("Codice fiscale ente creditore", settings.creditor_fiscal_code.as_str()),
        ("Pagatore", receipt.payer_name),
        ("Codice fiscale pagatore", receipt.payer_fiscal_code),
        ("Codice avviso", &receipt.notice_number.grouped()),
        ("IUV (identificativo univoco di versamento)", &receipt.notice_number.iuv()),
        ("Data e ora del pagamento", receipt.paid_at),
        ("Prestatore di servizi di pagamento", receipt.provider_name),
        ("Codice del prestatore", receipt.provider_id),
        ("Identificativo della ricevuta pagoPA", receipt.receipt_id),
        ("Commissione", fee.as_deref().unwrap_or("non indicata dal prestatore")),
        ("Ricevuta registrata dal Comune il", receipt.recorded_at),
    ];
    for (label, value) in rows {
        for line in wrap(&format!("{label}: {value}"), CHARACTERS_PER_LINE) {
            layout.line(&line, b"F1", 10.0, 4.0);
        }
    }
    if !receipt.shares.is_empty() {
        layout.y -= 6.0;
        layout.line("Ripartizione dell'importo", b"F2", 11.0, 3.0);
        for share in receipt.shares {
            for line in wrap(share, CHARACTERS_PER_LINE) {
                layout.line(&line, b"F1", 10.0, 4.0);
            }
        }
    }
    layout.y -= 6.0;
    layout.paragraph(
        "Questa ricevuta riporta i dati della ricevuta telematica che il nodo pagoPA ha consegnato al Comune. \
         Lo stato dell'avviso è verificabile da chiunque lo possieda alla pagina «Verifica un pagamento» dello Sportello telematico.",
    );
    let title = format!("Ricevuta di pagamento {}", receipt.notice_number.grouped());
    layout.into_pdf(&title, receipt.description)
}
