//! Downloadable forms (modulistica): each sheet's forms are defined in the
//! content files and rendered as printable A4 PDFs on request, so a form can
//! never drift from the sheet that describes it.

use super::content::FormContent;
use app::guide::model::ResponsibleOffice;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// Helvetica at 10 pt averages about 5 pt a character.
const CHARACTERS_PER_LINE: usize = 92;

/// Encodes text in WinAnsi (the encoding of the standard Helvetica font):
/// Italian accented letters are in Latin-1; typographic quotes, dashes and the
/// euro sign have their own codes; anything else becomes '?'.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            '…' => 0x85,
            c if (c as u32) < 0x80 && !c.is_control() => c as u8,
            c if (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays out lines top to bottom, starting a new page when one is full.
struct Layout {
    pages: Vec<Content>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout { pages: vec![Content::new()], y: PAGE_HEIGHT - MARGIN }
    }

    fn line(&mut self, text: &str, font: &[u8], size: f32, gap_after: f32) {
        if self.y - size < MARGIN {
            self.pages.push(Content::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
        self.y -= size;
        let content = self.pages.last_mut().expect("there is always a page");
        content.begin_text();
        content.set_font(Name(font), size);
        content.next_line(MARGIN, self.y);
        content.show(Str(&win_ansi(text)));
        content.end_text();
        self.y -= gap_after;
    }

    fn paragraph(&mut self, text: &str) {
        for line in wrap(text, CHARACTERS_PER_LINE) {
            self.line(&line, b"F1", 10.0, 4.0);
        }
        self.y -= 6.0;
    }
}

pub fn render_form_pdf(sheet_title: &str, office: &ResponsibleOffice, form: &FormContent) -> Vec<u8> {
    let mut layout = Layout::new();
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

    let mut pdf = Pdf::new();
    let catalog_id = Ref::new(1);
    let page_tree_id = Ref::new(2);
    let regular_font_id = Ref::new(3);
    let bold_font_id = Ref::new(4);
    let info_id = Ref::new(5);
    let first_page_ref = 10;
    let page_ids = (0..layout.pages.len()).map(|i| Ref::new(first_page_ref + 2 * i as i32)).collect::<Vec<_>>();
    pdf.catalog(catalog_id).pages(page_tree_id).lang(TextStr("it-IT"));
    pdf.pages(page_tree_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);
    pdf.document_info(info_id)
        .title(TextStr(&form.title))
        .author(TextStr("Comune di Rho"))
        .subject(TextStr(sheet_title));
    for (index, content) in layout.pages.into_iter().enumerate() {
        let page_id = page_ids[index];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(page_tree_id);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular_font_id);
        fonts.pair(Name(b"F2"), bold_font_id);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.type1_font(regular_font_id)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold_font_id)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_italian_text_is_encoded_for_helvetica() {
        assert_eq!(win_ansi("città è €"), vec![b'c', b'i', b't', b't', 0xE0, b' ', 0xE8, b' ', 0x80]);
    }

    #[test]
    fn a_long_form_spans_several_valid_pages() {
        let office = ResponsibleOffice {
            name: "Ufficio Anagrafe".into(),
            address: "Via De Amicis 1".into(),
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
