//! The Atom feed of the newest reports (RFC 4287): what the public list
//! shows, for feed readers and the Comune's own site; no personal data.

use super::store::ReportRecord;
use app::i18n::{Locale, Text};
use app::practices::calendar::rome_rfc3339_of_unix_seconds;
use app::reports::pages::status_text;
use app::routes::{path_with, REPORTS_FEED_PATH, REPORTS_PATH, REPORT_PATH};

/// How many reports the feed carries, newest first.
pub const FEED_ENTRIES: u32 = 50;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The feed's document; `base` is the portal's public address.
pub fn atom_feed(base: &str, reports: &[ReportRecord], now: i64) -> String {
    let locale = Locale::Italian;
    let base = base.trim_end_matches('/');
    // The feed is as new as its newest change (or now, when empty).
    let updated = reports.iter().map(|report| report.updated_at).max().unwrap_or(now);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"it\">\n");
    xml.push_str(&format!("  <id>{base}{REPORTS_FEED_PATH}</id>\n"));
    xml.push_str(&format!("  <title>{} – {}</title>\n", escape(Text::ReportsTitle.in_locale(locale)), escape(Text::MunicipalityName.in_locale(locale))));
    xml.push_str(&format!("  <updated>{}</updated>\n", rome_rfc3339_of_unix_seconds(updated)));
    xml.push_str(&format!("  <author><name>{}</name></author>\n", escape(Text::MunicipalityName.in_locale(locale))));
    xml.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{REPORTS_FEED_PATH}\"/>\n"));
    xml.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{base}{REPORTS_PATH}\"/>\n"));
    for report in reports {
        let public = report.public(locale);
        let address = format!("{base}{}", path_with(REPORT_PATH, &[&public.number]));
        let status = status_text(public.status).in_locale(locale);
        let summary =
            [public.category_name.as_str(), public.place.as_str(), status].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ");
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{address}</id>\n"));
        xml.push_str(&format!("    <title>{}</title>\n", escape(&public.title)));
        xml.push_str(&format!("    <published>{}</published>\n", rome_rfc3339_of_unix_seconds(public.created_at)));
        xml.push_str(&format!("    <updated>{}</updated>\n", rome_rfc3339_of_unix_seconds(public.updated_at)));
        xml.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{address}\"/>\n"));
        xml.push_str(&format!("    <category term=\"{}\" label=\"{}\"/>\n", escape(&public.category), escape(&public.category_name)));
        xml.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        xml.push_str(&format!("    <content type=\"text\">{}</content>\n", escape(&public.description)));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
