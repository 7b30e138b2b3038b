//! A certificate as a document: its canonical content (what the seal's
//! digest covers, line by line) and its PDF/A-2b rendering with krilla —
//! the Comune's header, the data, the date, the stamp duty or exemption,
//! the validity, the wording of art. 40 DPR 445/2000, and the seal: a QR
//! code with the certificate's id, the content's digest and the signature,
//! beside the short code for typing.

use crate::pdf_text::wrap;
use anyhow::Context;
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use qrcode::{Color, EcLevel, QrCode};
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../../fonts/TitilliumWeb_400Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/TitilliumWeb_700Bold.ttf");

/// The wording of art. 40 c. 02 DPR 445/2000 every certificate carries.
pub const ARTICLE_40_WORDING: &str =
    "Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi.";

/// Everything printed on a certificate; its canonical form is what the seal covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateContent {
    pub id: String,
    /// The short code, grouped (`ABCD-EFGH-JKMN`).
    pub code: String,
    pub title: String,
    pub issuer: String,
    /// Who certifies, from which records ("L'Ufficiale d'anagrafe, visti gli atti d'ufficio, certifica che:").
    pub opening: String,
    /// dd/mm/yyyy.
    pub issued_on: String,
    /// dd/mm/yyyy, or None for unlimited validity.
    pub valid_until: Option<String>,
    /// What the registry attests, label and value, in order.
    pub facts: Vec<(String, String)>,
    /// The stamp duty paid, or the exemption and its law.
    pub stamp_duty: String,
    /// Where the seal is checked.
    pub verification_url: String,
}

impl CertificateContent {
    /// One `name: value` line per field, in a fixed order, UTF-8: the bytes
    /// whose SHA-256 the seal signs.
    pub fn canonical(&self) -> String {
        let mut text = String::new();
        let mut field = |name: &str, value: &str| {
            text.push_str(name);
            text.push_str(": ");
            text.push_str(&value.replace('\n', " "));
            text.push('\n');
        };
        field("id", &self.id);
        field("codice", &self.code);
        field("certificato", &self.title);
        field("rilasciato da", &self.issuer);
        field("certifica", &self.opening);
        field("rilasciato il", &self.issued_on);
        field("valido fino al", self.valid_until.as_deref().unwrap_or("validità illimitata"));
        for (label, value) in &self.facts {
            field(label, value);
        }
        field("bollo", &self.stamp_duty);
        text
    }
}

/// The seal as the QR code carries it: the verification page's address
/// with the code, and the id, digest and signature (`sigillo`).
pub fn seal_url(verification_url: &str, code: &str, certificate_id: &str, content_digest: &str, signature: &str) -> String {
    format!("{verification_url}?codice={code}&sigillo={certificate_id}.{content_digest}.{signature}")
}

fn font(bytes: &'static [u8]) -> anyhow::Result<Font> {
    Font::new(bytes.into(), 0).context("the certificate's font")
}

struct Fonts {
    regular: Font,
    bold: Font,
}

fn fonts() -> anyhow::Result<&'static Fonts> {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    if let Some(fonts) = FONTS.get() {
        return Ok(fonts);
    }
    let loaded = Fonts { regular: font(REGULAR)?, bold: font(BOLD)? };
    Ok(FONTS.get_or_init(|| loaded))
}

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// A QR module of 2.4 pt is exactly 5 pixels at 150 dpi (and 10 at 300):
/// with the code's corner on the same grid, a rendering or a scan at those
/// resolutions sees crisp squares, never modules split between pixels.
const QR_MODULE: f32 = 2.4;
const PIXEL_AT_150_DPI: f32 = 72.0 / 150.0;

fn on_pixel_grid(points: f32) -> f32 {
    (points / PIXEL_AT_150_DPI).floor() * PIXEL_AT_150_DPI
}

fn fill(red: u8, green: u8, blue: u8) -> Fill {
    Fill { paint: rgb::Color::new(red, green, blue).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

/// The PDF/A-2b document. krilla refuses to write one that breaks the
/// standard (a glyph missing from the font, say), so an error here is a bug.
pub fn render_certificate_pdf(content: &CertificateContent, seal: &str, created_at: time::OffsetDateTime) -> anyhow::Result<Vec<u8>> {
    let fonts = fonts()?;
    let configuration = ConfigurationBuilder::new().with_archival_validator(Archival::A2_B).finish().map_err(|error| anyhow::anyhow!("PDF/A-2b: {error:?}"))?;
    let settings = SerializeSettings { configuration, ..SerializeSettings::default() };
    let mut document = Document::new_with(settings);
    let rome = created_at;
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — Comune di Rho", content.title))
            .language("it".to_string())
            .creator("Sportello telematico del Comune di Rho".to_string())
            .creation_date(
                DateTime::new(rome.year() as u16)
                    .month(rome.month() as u8)
                    .day(rome.day())
                    .hour(rome.hour())
                    .minute(rome.minute())
                    .second(rome.second())
                    .utc_offset_hour(rome.offset().whole_hours())
                    .utc_offset_minute(rome.offset().minutes_past_hour().unsigned_abs()),
            ),
    );
    let mut page = document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).context("A4")?);
    let mut surface = page.surface();
    let mut y = MARGIN + 10.0;
    let text = |surface: &mut krilla::surface::Surface, y: &mut f32, line: &str, bold: bool, size: f32, gap: f32| {
        *y += size;
        let chosen = if bold { fonts.bold.clone() } else { fonts.regular.clone() };
        surface.draw_text(Point::from_xy(MARGIN, *y), chosen, size, line, false, TextDirection::Auto);
        *y += gap;
    };
    // The header: the Comune, in the model's blue.
    surface.set_fill(Some(fill(0x00, 0x66, 0xcc)));
    let mut band = PathBuilder::new();
    band.push_rect(Rect::from_xywh(0.0, 0.0, PAGE_WIDTH, 8.0).context("the band")?);
    if let Some(path) = band.finish() {
        surface.draw_path(&path);
    }
    surface.set_fill(Some(fill(0x1a, 0x1a, 0x1a)));
    text(&mut surface, &mut y, "Comune di Rho", true, 20.0, 2.0);
    text(&mut surface, &mut y, "Città metropolitana di Milano · Piazza Visconti 23, 20017 Rho (MI)", false, 9.5, 2.0);
    text(&mut surface, &mut y, &content.issuer, false, 9.5, 18.0);
    for line in wrap(&content.title.to_uppercase(), 60) {
        text(&mut surface, &mut y, &line, true, 14.0, 4.0);
    }
    y += 10.0;
    text(&mut surface, &mut y, &content.opening, false, 10.5, 8.0);
    for (label, value) in &content.facts {
        let lines = wrap(&format!("{label}: {value}"), 88);
        for (index, line) in lines.iter().enumerate() {
            text(&mut surface, &mut y, line, index == 0 && lines.len() == 1 && value.is_empty(), 10.5, 3.0);
        }
    }
    y += 10.0;
    for (label, value) in [
        ("Rilasciato il", content.issued_on.clone()),
        (
            "Validità",
            content.valid_until.as_ref().map_or("illimitata (art. 41 DPR 445/2000)".to_string(), |day| format!("fino al {day} (art. 41 DPR 445/2000)")),
        ),
        ("Imposta di bollo", content.stamp_duty.clone()),
    ] {
        for line in wrap(&format!("{label}: {value}"), 88) {
            text(&mut surface, &mut y, &line, false, 10.0, 3.0);
        }
    }
    y += 8.0;
    for line in wrap(ARTICLE_40_WORDING, 88) {
        text(&mut surface, &mut y, &line, true, 10.0, 3.0);
    }
    // The seal, at the foot of the page.
    let code = QrCode::with_error_correction_level(seal.as_bytes(), EcLevel::M).context("the seal does not fit a QR code")?;
    let modules = code.width();
    let side = modules as f32 * QR_MODULE;
    let (qr_left, top) = (on_pixel_grid(MARGIN), on_pixel_grid(PAGE_HEIGHT - MARGIN - side));
    let mut squares = PathBuilder::new();
    for (index, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (row, column) = (index / modules, index % modules);
            if let Some(square) = Rect::from_xywh(qr_left + column as f32 * QR_MODULE, top + row as f32 * QR_MODULE, QR_MODULE, QR_MODULE) {
                squares.push_rect(square);
            }
        }
    }
    surface.set_fill(Some(fill(0, 0, 0)));
    if let Some(path) = squares.finish() {
        surface.draw_path(&path);
    }
    surface.set_fill(Some(fill(0x1a, 0x1a, 0x1a)));
    let left = qr_left + side + 18.0;
    let mut seal_y = top + 6.0;
    let mut beside = |surface: &mut krilla::surface::Surface, line: &str, bold: bool, size: f32| {
        seal_y += size + 3.0;
        let chosen = if bold { fonts.bold.clone() } else { fonts.regular.clone() };
        surface.draw_text(Point::from_xy(left, seal_y), chosen, size, line, false, TextDirection::Auto);
    };
    beside(&mut surface, "Contrassegno elettronico (art. 23-ter, comma 5, CAD)", true, 10.0);
    beside(&mut surface, &format!("Codice di verifica: {}", content.code), true, 12.0);
    for line in wrap(&format!("Verifica l'autenticità su {} con il codice o inquadrando il codice QR.", content.verification_url), 58) {
        beside(&mut surface, &line, false, 9.0);
    }
    beside(&mut surface, &format!("Identificativo: {}", content.id), false, 8.0);
    surface.finish();
    page.finish();
    document.finish().map_err(|error| anyhow::anyhow!("the certificate is not a valid PDF/A-2b: {error:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> CertificateContent {
        CertificateContent {
            id: "0f8e0000-0000-4000-8000-000000000001".into(),
            code: "ABCD-EFGH-JKMN".into(),
            title: "Certificato di residenza".into(),
            issuer: "Ufficio Anagrafe".into(),
            opening: "L'Ufficiale d'anagrafe, visti gli atti d'ufficio, certifica che:".into(),
            issued_on: "03/12/2026".into(),
            valid_until: Some("03/06/2027".into()),
            facts: vec![("Cognome e nome".into(), "ROSSI MARIO".into()), ("Residenza".into(), "via De Amicis 1, Rho (MI)".into())],
            stamp_duty: "esente ai sensi dell'art. 19 L. 74/1987 (separazione, divorzio)".into(),
            verification_url: "http://portale.test/certificati/verifica".into(),
        }
    }

    #[test]
    fn the_canonical_content_names_every_field_once() {
        let canonical = sample().canonical();
        assert!(canonical.starts_with("id: 0f8e0000-0000-4000-8000-000000000001\ncodice: ABCD-EFGH-JKMN\n"));
        assert!(canonical.contains("Residenza: via De Amicis 1, Rho (MI)\n"));
        let mut changed = sample();
        changed.facts[1].1 = "via De Amicis 2, Rho (MI)".into();
        assert_ne!(changed.canonical(), canonical);
    }

    #[test]
    fn a_pdf_a_2b_with_its_xmp_declaration() {
        let content = sample();
        let created = time::macros::datetime!(2026-12-03 10:15 +1);
        let pdf = render_certificate_pdf(&content, &seal_url(&content.verification_url, &content.code, &content.id, "digest", "firma"), created).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-1.7"), "{}", &text[..20]);
        assert!(text.contains("<pdfaid:part>2</pdfaid:part>") && text.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "PDF/A-2b in the XMP");
        let again = render_certificate_pdf(&content, &seal_url(&content.verification_url, &content.code, &content.id, "digest", "firma"), created).unwrap();
        assert_eq!(pdf, again, "the same certificate, the same bytes");
    }
}
