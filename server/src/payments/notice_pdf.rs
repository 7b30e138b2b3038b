//! The printable payment notice (avviso di pagamento): who is owed, who owes,
//! what for, how much and by when, the notice number in groups of four and
//! the QR code any payment provider's app reads (`PAGOPA|002|…`). The QR code
//! is drawn as vector squares, so it stays sharp at any print resolution.

use super::settings::PaymentSettings;
use crate::pdf_text::{wrap, TextLayout, CHARACTERS_PER_LINE, MARGIN};
use anyhow::Context;
use app::payments::amount::AmountInCents;
use app::payments::notice_number::NoticeNumber;
use app::payments::qr_payload::PaymentQrPayload;
use qrcode::{Color, EcLevel, QrCode, Version};

pub struct PaymentNoticeContent<'a> {
    pub notice_number: NoticeNumber,
    pub amount: AmountInCents,
    pub description: &'a str,
    pub payer_name: &'a str,
    pub payer_fiscal_code: &'a str,
    /// dd/mm/yyyy, or none when the debt has no due date.
    pub due_on: Option<&'a str>,
}

/// Side of one QR module in points: 3 pt ≈ 1 mm, well above the 0.25 mm
/// that phone cameras and counter scanners need.
const QR_MODULE_POINTS: f32 = 3.0;
/// The white border every QR reader needs, in modules.
const QR_QUIET_ZONE_MODULES: usize = 4;

pub fn render_payment_notice_pdf(settings: &PaymentSettings, notice: &PaymentNoticeContent) -> anyhow::Result<Vec<u8>> {
    let payload = PaymentQrPayload { notice_number: notice.notice_number, creditor: settings.creditor_fiscal_code.clone(), amount: notice.amount };
    // pagoPA's notice format prescribes version 4 with medium error correction.
    let code = QrCode::with_version(payload.to_string().as_bytes(), Version::Normal(4), EcLevel::M).context("the QR payload does not fit version 4-M")?;
    let due = notice.due_on.unwrap_or("nessuna scadenza");
    let mut layout = TextLayout::new();
    layout.line(&settings.creditor_name, b"F2", 16.0, 4.0);
    layout.line("Avviso di pagamento pagoPA", b"F2", 14.0, 4.0);
    if settings.demo_values {
        layout.line("FACSIMILE: avviso di prova dell'ambiente di sviluppo, non pagabile", b"F2", 10.0, 4.0);
    }
    layout.y -= 8.0;
    layout.line("Oggetto del pagamento", b"F2", 11.0, 3.0);
    for line in wrap(notice.description, CHARACTERS_PER_LINE) {
        layout.line(&line, b"F1", 10.0, 3.0);
    }
    layout.y -= 6.0;
    for (label, value) in [
        ("Ente creditore", settings.creditor_name.as_str()),
        ("Codice fiscale ente creditore", settings.creditor_fiscal_code.as_str()),
        ("Destinatario dell'avviso", notice.payer_name),
        ("Codice fiscale destinatario", notice.payer_fiscal_code),
    ] {
        layout.line(&format!("{label}: {value}"), b"F1", 10.0, 4.0);
    }
    layout.y -= 6.0;
    layout.line(&format!("Importo: {} entro il {due}", notice.amount.italian()), b"F2", 13.0, 8.0);
    layout.paragraph(
        "Dove pagare: online nello Sportello telematico del Comune (area personale, «I miei pagamenti»), con l'app IO, \
         oppure presso banche, uffici postali, sportelli ATM, punti vendita e app dei prestatori di servizi di pagamento \
         aderenti a pagoPA, inquadrando il codice QR o indicando il codice avviso e il codice fiscale dell'ente creditore.",
    );
    layout.y -= 4.0;

    // The QR code at the left margin, the numbers it holds beside it.
    let modules = code.width();
    let side = (modules + 2 * QR_QUIET_ZONE_MODULES) as f32 * QR_MODULE_POINTS;
    let top = layout.y;
    let origin_x = MARGIN + QR_QUIET_ZONE_MODULES as f32 * QR_MODULE_POINTS;
    let origin_y = top - QR_QUIET_ZONE_MODULES as f32 * QR_MODULE_POINTS;
    let colors = code.to_colors();
    layout.black_squares(colors.iter().enumerate().filter(|(_, color)| **color == Color::Dark).map(|(index, _)| {
        let (row, column) = (index / modules, index % modules);
        (origin_x + column as f32 * QR_MODULE_POINTS, origin_y - (row + 1) as f32 * QR_MODULE_POINTS, QR_MODULE_POINTS)
    }));
    let text_x = MARGIN + side + 16.0;
    layout.text_at(text_x, top - 24.0, "Codice avviso", b"F1", 9.0);
    layout.text_at(text_x, top - 40.0, &notice.notice_number.grouped(), b"F2", 13.0);
    layout.text_at(text_x, top - 60.0, "Codice fiscale ente creditore", b"F1", 9.0);
    layout.text_at(text_x, top - 74.0, settings.creditor_fiscal_code.as_str(), b"F2", 11.0);
    layout.text_at(text_x, top - 94.0, "Importo", b"F1", 9.0);
    layout.text_at(text_x, top - 108.0, &notice.amount.italian(), b"F2", 11.0);
    layout.y = top - side - 8.0;
    layout.paragraph(
        "Il pagamento è registrato dal Comune quando arriva la ricevuta telematica di pagoPA: lo stato è visibile \
         nell'area personale e, per chiunque abbia l'avviso, alla pagina «Verifica un pagamento».",
    );
    let title = format!("Avviso di pagamento {}", notice.notice_number.grouped());
    Ok(layout.into_pdf(&title, notice.description))
}
