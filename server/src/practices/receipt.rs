//! The receipt of a filed practice as a printable PDF: who filed what and
//! when, the protocol number and the check code for the public lookup, the
//! expected completion date, every answer as the summary read it back, and
//! each attachment with its SHA-256 (what the office received, verifiably).

use crate::pdf_text::{wrap, TextLayout, CHARACTERS_PER_LINE};
use app::guide::model::ResponsibleOffice;
use app::practices::model::{format_size, AttachmentView};

pub struct ReceiptContent<'a> {
    pub procedure_title: &'a str,
    pub protocol_number: &'a str,
    pub check_code: &'a str,
    /// dd/mm/yyyy hh:mm, Italian time.
    pub filed_at: &'a str,
    pub expected_completion: Option<&'a str>,
    pub applicant: &'a str,
    pub office: &'a ResponsibleOffice,
    pub officer: &'a str,
    pub answers: &'a [(String, String)],
    pub attachments: &'a [AttachmentView],
}

pub fn render_receipt_pdf(receipt: &ReceiptContent) -> Vec<u8> {
    let mut layout = TextLayout::new();
    layout.line("Comune di Rho", b"F2", 16.0, 4.0);
    layout.line("Sportello telematico · Ricevuta di presentazione", b"F1", 10.0, 16.0);
    for line in wrap(receipt.procedure_title, 60) {
        layout.line(&line, b"F2", 14.0, 4.0);
    }
    layout.y -= 8.0;
    for (label, value) in [
        ("Numero di protocollo", receipt.protocol_number),
        ("Codice di verifica", receipt.check_code),
        ("Presentata il", receipt.filed_at),
        ("Richiedente", receipt.applicant),
        ("Conclusione prevista entro il", receipt.expected_completion.unwrap_or("termine sospeso")),
        ("Ufficio", receipt.office.name.as_str()),
        ("Responsabile del procedimento", receipt.officer),
    ] {
        for line in wrap(&format!("{label}: {value}"), CHARACTERS_PER_LINE) {
            layout.line(&line, b"F1", 10.0, 4.0);
        }
    }
    layout.y -= 6.0;
    layout.paragraph(
        "Con il numero di protocollo e il codice di verifica chiunque può controllare lo stato della pratica \
         alla pagina «Verifica una pratica» dello Sportello telematico (solo stato e date, nessun dato personale).",
    );
    layout.line("Le risposte", b"F2", 12.0, 6.0);
    for (question, answer) in receipt.answers {
        for line in wrap(&format!("{question}: {answer}"), CHARACTERS_PER_LINE) {
            layout.line(&line, b"F1", 10.0, 3.0);
        }
    }
    if !receipt.attachments.is_empty() {
        layout.y -= 8.0;
        layout.line("Allegati ricevuti", b"F2", 12.0, 6.0);
        for attachment in receipt.attachments {
            layout.line(&format!("{} ({}, {})", attachment.file_name, attachment.sniffed_type, format_size(attachment.size_bytes)), b"F1", 10.0, 2.0);
            layout.line(&format!("SHA-256 {}", attachment.sha256), b"F1", 8.0, 5.0);
        }
    }
    layout.y -= 8.0;
    layout.paragraph(&format!(
        "Per informazioni: {} ({}), tel. {}, {}.",
        receipt.office.name, receipt.office.address, receipt.office.phone, receipt.office.email
    ));
    layout.into_pdf(&format!("Ricevuta {}", receipt.protocol_number), receipt.procedure_title)
}
