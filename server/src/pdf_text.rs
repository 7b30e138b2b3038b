//! Plain printable A4 documents (forms, activation letters): lines of
//! Helvetica text laid out top to bottom, several pages when needed.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 56.0;
/// Helvetica at 10 pt averages about 5 pt a character.
pub const CHARACTERS_PER_LINE: usize = 92;

/// Encodes text in WinAnsi (the encoding of the standard Helvetica font):
/// Italian accented letters are in Latin-1; typographic quotes, dashes and the
/// euro sign have their own codes; anything else becomes '?'.
pub fn win_ansi(text: &str) -> Vec<u8> {
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

pub fn wrap(text: &str, width: usize) -> Vec<String> {
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
pub struct TextLayout {
    pages: Vec<Content>,
    pub y: f32,
}

impl Default for TextLayout {
    fn default() -> Self {
        Self::new()
    }
}

impl TextLayout {
    pub fn new() -> Self {
        TextLayout { pages: vec![Content::new()], y: PAGE_HEIGHT - MARGIN }
    }

    pub fn line(&mut self, text: &str, font: &[u8], size: f32, gap_after: f32) {
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

    /// Text at a fixed place on the current page (the cursor does not move).
    pub fn text_at(&mut self, x: f32, y: f32, text: &str, font: &[u8], size: f32) {
        let content = self.pages.last_mut().expect("there is always a page");
        content.begin_text();
        content.set_font(Name(font), size);
        content.next_line(x, y);
        content.show(Str(&win_ansi(text)));
        content.end_text();
    }

    /// Black squares on the current page (a QR code's dark modules): one
    /// path, filled once, so the page stays small.
    pub fn black_squares(&mut self, squares: impl IntoIterator<Item = (f32, f32, f32)>) {
        let content = self.pages.last_mut().expect("there is always a page");
        content.save_state();
        content.set_fill_gray(0.0);
        for (x, y, side) in squares {
            content.rect(x, y, side, side);
        }
        content.fill_nonzero();
        content.restore_state();
    }

    pub fn paragraph(&mut self, text: &str) {
        for line in wrap(text, CHARACTERS_PER_LINE) {
            self.line(&line, b"F1", 10.0, 4.0);
        }
        self.y -= 6.0;
    }

    /// Assembles the pages into a PDF with the document's title and subject.
    pub fn into_pdf(self, title: &str, subject: &str) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog_id = Ref::new(1);
        let page_tree_id = Ref::new(2);
        let regular_font_id = Ref::new(3);
        let bold_font_id = Ref::new(4);
        let info_id = Ref::new(5);
        let first_page_ref = 10;
        let page_ids = (0..self.pages.len()).map(|i| Ref::new(first_page_ref + 2 * i as i32)).collect::<Vec<_>>();
        pdf.catalog(catalog_id).pages(page_tree_id).lang(TextStr("it-IT"));
        pdf.pages(page_tree_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);
        pdf.document_info(info_id).title(TextStr(title)).author(TextStr("Comune di Rho")).subject(TextStr(subject));
        for (index, content) in self.pages.into_iter().enumerate() {
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
        pdf.type1_font(regular_font_id).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold_font_id).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.finish()
    }
}
