//! The activation letter a clerk prints and hands to the citizen.

use crate::pdf_text::TextLayout;

pub fn render_activation_letter(full_name: &str, fiscal_code: &str, printable_code: &str, public_url: &str, valid_until: &str) -> Vec<u8> {
    let mut layout = TextLayout::new();
    layout.line("Comune di Rho", b"F2", 16.0, 4.0);
    layout.line("Sportello del Cittadino (QUIC) · Via De Amicis 1, 20017 Rho (MI)", b"F1", 9.0, 24.0);
    layout.line(&format!("Gentile {full_name}"), b"F1", 11.0, 4.0);
    layout.line(&format!("Codice fiscale: {fiscal_code}"), b"F1", 11.0, 18.0);
    layout.line("Le credenziali dello Sportello telematico", b"F2", 14.0, 10.0);
    layout.paragraph(
        "Con questa lettera puoi attivare le credenziali per accedere ai servizi online del Comune di Rho. \
         Il codice vale una sola volta. Conserva la lettera in un luogo sicuro e non comunicare il codice a nessuno: \
         il personale del Comune non te lo chiederà mai.",
    );
    layout.line("Codice di attivazione", b"F2", 11.0, 6.0);
    layout.line(printable_code, b"F2", 20.0, 10.0);
    layout.line(&format!("Valido fino al {valid_until}."), b"F1", 10.0, 16.0);
    layout.line("Come attivare", b"F2", 11.0, 6.0);
    layout.paragraph(&format!(
        "1. Apri {public_url}/attiva. 2. Inserisci il codice fiscale e il codice di attivazione. \
         3. Scegli una password di almeno 10 caratteri. 4. Nell'area personale puoi aggiungere un'app di \
         autenticazione per l'accesso di livello 2."
    ));
    layout.paragraph(
        "Se il codice è scaduto o la lettera è andata persa, rivolgiti allo Sportello del Cittadino con un \
         documento d'identità: ti verrà consegnato un nuovo codice e quello precedente non sarà più valido.",
    );
    layout.paragraph(
        "Informativa privacy: i dati sono trattati dal Comune di Rho, titolare del trattamento, per consentirti \
         l'accesso ai servizi online (Regolamento UE 2016/679). L'informativa completa è pubblicata nello Sportello telematico.",
    );
    layout.into_pdf("Lettera di attivazione delle credenziali", "Sportello telematico del Comune di Rho")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_letter_is_a_pdf_with_the_code() {
        let pdf = super::render_activation_letter("Mario Rossi", "RSSMRA80A01F205X", "ABCD-EFGH-JKMN", "http://x", "1 gennaio 2027");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(String::from_utf8_lossy(&pdf).contains("ABCD-EFGH-JKMN"));
    }
}
