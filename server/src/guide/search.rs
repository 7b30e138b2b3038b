//! Full-text search of the service sheets in Italian (and English titles),
//! with tantivy: stemming, stop words and accent folding, so that "residenza"
//! finds "Cambio di residenza", "citta" finds "città" and "rifiuti" finds TARI.
//!
//! The index lives in memory and is built once per process from the content
//! files, the same content each start writes to the database (which every
//! page reads); each server instance builds its own.

use super::content::{GuideContent, StoredSheetBody, Translated};
use anyhow::Context;
use app::guide::model::{SearchHit, SearchQuery};
use app::i18n::Locale;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::tokenizer::{AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer};
use tantivy::{doc, Index, IndexReader, TantivyDocument};

const ITALIAN: &str = "italiano";
const ENGLISH: &str = "inglese";

/// One sheet as indexed.
pub struct IndexedSheet {
    pub slug: String,
    pub title_it: String,
    pub title_en: String,
    pub summary_it: String,
    pub summary_en: String,
    /// The Italian sections, flattened.
    pub body_it: String,
}

impl IndexedSheet {
    /// What is searched of a sheet: its titles and summaries, and its Italian
    /// sections, service type and office flattened into one text.
    fn of(slug: &str, title: &Translated, summary: &Translated, body: &StoredSheetBody) -> IndexedSheet {
        let body_it = [&body.addressed_to, &body.description, &body.how_to, &body.needed, &body.achieved, &body.times_and_deadlines, &body.cost]
            .into_iter()
            .flatten()
            .cloned()
            .chain([body.service_type.clone(), body.office.name.clone()])
            .collect::<Vec<_>>()
            .join("\n");
        IndexedSheet {
            slug: slug.to_string(),
            title_it: title.it.clone(),
            title_en: title.en.clone(),
            summary_it: summary.it.clone(),
            summary_en: summary.en.clone(),
            body_it,
        }
    }
}

struct Fields {
    slug: Field,
    title_it: Field,
    title_en: Field,
    summary_it: Field,
    summary_en: Field,
    body_it: Field,
}

pub struct GuideSearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn analyzer(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::new(language).expect("tantivy ships Italian and English stop words"))
        .filter(Stemmer::new(language))
        .build()
}

fn text_field(tokenizer: &str) -> TextOptions {
    TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqsAndPositions))
        .set_stored()
}

impl GuideSearchIndex {
    /// The index of every sheet of the content (active or not, as stored).
    pub fn of_content(content: &GuideContent) -> anyhow::Result<GuideSearchIndex> {
        let sheets: Vec<IndexedSheet> =
            content.sheets.iter().map(|sheet| IndexedSheet::of(&sheet.slug, &sheet.title, &sheet.summary, &content.stored_body(sheet))).collect();
        GuideSearchIndex::build(&sheets)
    }

    pub fn build(sheets: &[IndexedSheet]) -> anyhow::Result<GuideSearchIndex> {
        let mut schema = Schema::builder();
        let fields = Fields {
            slug: schema.add_text_field("slug", STRING | STORED),
            title_it: schema.add_text_field("title_it", text_field(ITALIAN)),
            title_en: schema.add_text_field("title_en", text_field(ENGLISH)),
            summary_it: schema.add_text_field("summary_it", text_field(ITALIAN)),
            summary_en: schema.add_text_field("summary_en", text_field(ENGLISH)),
            body_it: schema.add_text_field("body_it", text_field(ITALIAN)),
        };
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(ITALIAN, analyzer(Language::Italian));
        index.tokenizers().register(ENGLISH, analyzer(Language::English));
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000).context("cannot create the search index writer")?;
        for sheet in sheets {
            writer
                .add_document(doc!(
                    fields.slug => sheet.slug.clone(),
                    fields.title_it => sheet.title_it.clone(),
                    fields.title_en => sheet.title_en.clone(),
                    fields.summary_it => sheet.summary_it.clone(),
                    fields.summary_en => sheet.summary_en.clone(),
                    fields.body_it => sheet.body_it.clone(),
                ))
                .context("cannot index a sheet")?;
        }
        writer.commit().context("cannot commit the search index")?;
        let reader = index.reader().context("cannot open the search index")?;
        Ok(GuideSearchIndex { index, reader, fields })
    }

    /// Ranked hits: title matches weigh most, then summaries, then the body.
    pub fn search(&self, query: &SearchQuery, locale: Locale, limit: usize) -> anyhow::Result<Vec<SearchHit>> {
        let f = &self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title_it, f.title_en, f.summary_it, f.summary_en, f.body_it]);
        parser.set_field_boost(f.title_it, 4.0);
        parser.set_field_boost(f.title_en, 3.0);
        parser.set_field_boost(f.summary_it, 2.0);
        parser.set_field_boost(f.summary_en, 1.5);
        // Citizens type words, not query syntax: only the words reach the
        // parser (`word:*` once named a field and failed the whole search).
        let words = query.words();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let (parsed, _ignored_syntax_errors) = parser.parse_query_lenient(&words.join(" "));
        let searcher = self.reader.searcher();
        let top = searcher.search(&parsed, &TopDocs::with_limit(limit).order_by_score()).context("search failed")?;
        let (title, summary) = match locale {
            Locale::Italian => (f.title_it, f.summary_it),
            Locale::English => (f.title_en, f.summary_en),
        };
        top.into_iter()
            .map(|(score, address)| {
                let document: TantivyDocument = searcher.doc(address).context("cannot read a search hit")?;
                let text = |field: Field| document.get_first(field).and_then(|value| value.as_str()).unwrap_or_default().to_string();
                Ok(SearchHit { slug: text(f.slug), title: text(title), summary: text(summary), score })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(slug: &str, title: &str, summary: &str, body: &str) -> IndexedSheet {
        IndexedSheet {
            slug: slug.into(),
            title_it: title.into(),
            title_en: format!("{title} (en)"),
            summary_it: summary.into(),
            summary_en: String::new(),
            body_it: body.into(),
        }
    }

    fn slugs(index: &GuideSearchIndex, query: &str) -> Vec<String> {
        index.search(&SearchQuery::parse(query).unwrap(), Locale::Italian, 10).unwrap().into_iter().map(|hit| hit.slug).collect()
    }

    fn sample_index() -> GuideSearchIndex {
        GuideSearchIndex::build(&[
            sheet("cambio-di-residenza", "Cambio di residenza", "Trasferire la residenza a Rho", "Dichiarazione anagrafica"),
            sheet("tari", "TARI: iscrizione", "La tassa sui rifiuti", "Smaltimento dei rifiuti urbani"),
            sheet("cittadinanza", "Certificato di cittadinanza", "Per chi vive in città", "Anagrafe"),
        ])
        .unwrap()
    }

    #[test]
    fn stemming_and_accent_folding_find_the_expected_sheets() {
        let index = sample_index();
        assert_eq!(slugs(&index, "residenza").first().map(String::as_str), Some("cambio-di-residenza"));
        assert_eq!(slugs(&index, "rifiuto").first().map(String::as_str), Some("tari"));
        assert!(slugs(&index, "citta").contains(&"cittadinanza".to_string()));
        assert!(slugs(&index, "CITTÀ").contains(&"cittadinanza".to_string()));
    }

    #[test]
    fn query_syntax_typed_by_citizens_never_fails() {
        let index = sample_index();
        for query in ["\"rifiuti", "tari:", "+", "AND OR", "residenza)", "word:*", "*:*", "title_it:[a TO z]", "rifiuti~2^3"] {
            assert!(index.search(&SearchQuery::parse(query).unwrap(), Locale::Italian, 10).is_ok(), "{query}");
        }
    }
}
