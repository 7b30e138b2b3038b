//! Downloadable forms (modulistica): each sheet's forms are defined in the
//! content files and rendered as printable A4 PDFs on request, so a form can
//! never drift from the sheet that describes it.

use super::content::FormContent;
use app::guide::model::ResponsibleOffice;

use crate::pdf_text::{wrap, TextLayout, CHARACTERS_PER_LINE};

pub fn render_form_pdf(sheet_title: &str, office: &ResponsibleOffice, form: &FormContent) -> Vec<u8> {
    let mut layout = TextLayout::new();
    layout.line("Comune di Rho", b"F2", 16.0, 4.0);
    layout.line(&office.name, b"F1", 10.0, 2.0);
    layout.line(&format!("{} · tel. {} · {}", office.address, office.phone, office.email), b"F1", 9.0, 18.0);
    for line in wrap(&form.title, 60) {
        layout.line(&line, b"F2", 14.0, 4.0);
    }
    layout.line(&format!("Servizio: {sheet_title}"), b"F1", 10.0, 12.0);
    if !form.intro.is_empty() {
        layout.paragraph(&form.intro);
    }
    layout.line("Il/La sottoscritto/a", b"F2", 11.0, 10.0);
    for field in &form.fields {
        for line in wrap(&format!("{field}: ______________________________________________"), CHARACTERS_PER_LINE) {
            layout.line(&line, b"F1", 10.0, 12.0);
        }
    }
    layout.y -= 12.0;
    layout.line("Rho, lì ____________________          Firma ______________________________", b"F1", 10.0, 18.0);
    layout.paragraph(
        "Informativa privacy: i dati sono trattati dal Comune di Rho, titolare del trattamento, \
         solo per il procedimento richiesto (Regolamento UE 2016/679). L'informativa completa è \
         pubblicata alla pagina Informativa privacy dello Sportello telematico.",
    );
    layout.paragraph(&format!(
        "Consegna il modulo firmato, con copia di un documento d'identità, a: {} ({}), oppure \
         via email a {}.",
        office.name, office.address, office.email
    ));

    layout.into_pdf(&form.title, sheet_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_italian_text_is_encoded_for_helvetica() {
        assert_eq!(crate::pdf_text::win_ansi("città è €"), vec![b'c', b'i', b't', b't', 0xE0, b' ', 0xE8, b' ', 0x80]);
    }

    #[test]
    fn a_long_form_spans_several_valid_pages() {
        let office = ResponsibleOffice {
            name: "Ufficio Anagrafe".into(),
            address: app::guide::model::OfficeAddress {
                place: "Sportello del Cittadino".into(),
                street: "via De Amicis 1".into(),
                postal_code: "20017".into(),
                town: "Rho".into(),
                province: "MI".into(),
            },
            phone: "02.93.33.2.700".into(),
            email: "anagrafe@comune.rho.mi.it".into(),
            hours: "lun-ven".into(),
        };
        let form = FormContent {
            slug: "modulo".into(),
            title: "Modulo di prova".into(),
            intro: "Introduzione ".repeat(40),
            fields: (0..80).map(|i| format!("Campo numero {i}")).collect(),
        };
        let pdf = render_form_pdf("Servizio", &office, &form);
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(text.contains("/Count 3") || text.contains("/Count 4"), "expected several pages");
        assert!(text.trim_end().ends_with("%%EOF"));
    }
}
