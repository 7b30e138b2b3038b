//! The guide's content is data: TOML files in `content/`, checked and loaded
//! into the database at start (idempotently, so several instances may start
//! together). The database is then the single source for pages; the search
//! index is built from the same loaded content (`search::GuideSearchIndex`).

use anyhow::{bail, ensure, Context};
use app::guide::model::{is_valid_slug, ResponsibleOffice, ServiceAccess, ServiceAccessKind};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Translated {
    pub it: String,
    pub en: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct TranslatedParagraphs {
    pub it: Vec<String>,
    pub en: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    pub topic: Vec<TopicContent>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicContent {
    pub slug: String,
    pub name: Translated,
    pub description: Translated,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeFile {
    pub office: BTreeMap<String, ResponsibleOffice>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetFile {
    pub sheet: Vec<SheetContent>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FormContent {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetContent {
    pub slug: String,
    pub topics: Vec<String>,
    pub title: Translated,
    pub summary: Translated,
    pub updated_on: String,
    #[serde(default = "default_true")]
    pub active: bool,
    pub service_type: String,
    pub office: String,
    pub addressed_to: Vec<String>,
    pub description: Vec<String>,
    pub how_to: Vec<String>,
    pub needed: Vec<String>,
    pub achieved: Vec<String>,
    pub times_and_deadlines: Vec<String>,
    pub cost: Vec<String>,
    #[serde(default)]
    pub conditions: Vec<String>,
    pub access: ServiceAccess,
    pub forms: Vec<FormContent>,
}

fn default_true() -> bool {
    true
}

/// What is stored in `guide_service_sheets.body_json`: the Italian sections.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct StoredSheetBody {
    pub service_type: String,
    pub office: ResponsibleOffice,
    pub addressed_to: Vec<String>,
    pub description: Vec<String>,
    pub how_to: Vec<String>,
    pub needed: Vec<String>,
    pub achieved: Vec<String>,
    pub times_and_deadlines: Vec<String>,
    pub cost: Vec<String>,
    pub conditions: Vec<String>,
    pub access: ServiceAccess,
    pub forms: Vec<FormContent>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    pub page: Vec<PageContent>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageContent {
    pub slug: String,
    pub updated_on: String,
    pub title: Translated,
    pub summary: Translated,
    pub section: Vec<PageSectionContent>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageSectionContent {
    pub heading: Translated,
    pub paragraphs: TranslatedParagraphs,
    /// A section the national model names (`legal-notes`): its heading and
    /// paragraphs carry the model's `data-element` hooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_hook: Option<String>,
}

/// The sections of editorial pages that carry a hook: the national model's
/// legal notes, and the privacy notice's data protection officer (whose
/// contact, a setting, the page adds).
pub const PAGE_SECTION_HOOKS: [&str; 2] = ["legal-notes", "dpo"];

/// Everything in `content/`, parsed and cross-checked.
#[derive(Clone, Debug)]
pub struct GuideContent {
    pub topics: Vec<TopicContent>,
    pub offices: BTreeMap<String, ResponsibleOffice>,
    pub sheets: Vec<SheetContent>,
    pub pages: Vec<PageContent>,
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("{} is not valid content", path.display()))
}

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

impl GuideContent {
    pub fn load(content_dir: &Path) -> anyhow::Result<GuideContent> {
        let topics = read_toml::<TopicFile>(&content_dir.join("topics.toml"))?.topic;
        let offices = read_toml::<OfficeFile>(&content_dir.join("offices.toml"))?.office;
        let pages = read_toml::<PageFile>(&content_dir.join("pages.toml"))?.page;
        let mut sheet_files = std::fs::read_dir(content_dir.join("sheets"))
            .with_context(|| format!("cannot list {}/sheets", content_dir.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect::<Vec<_>>();
        sheet_files.sort();
        let mut sheets = Vec::new();
        for path in sheet_files {
            sheets.extend(read_toml::<SheetFile>(&path)?.sheet);
        }
        let content = GuideContent { topics, offices, sheets, pages };
        content.check()?;
        Ok(content)
    }

    /// Content mistakes stop the start with a message naming the sheet.
    fn check(&self) -> anyhow::Result<()> {
        let mut topic_slugs = HashSet::new();
        for topic in &self.topics {
            ensure!(is_valid_slug(&topic.slug), "topic slug {:?} is not valid", topic.slug);
            ensure!(topic_slugs.insert(topic.slug.as_str()), "topic {} appears twice", topic.slug);
            ensure!(
                super::vocabulary::is_model_topic(&topic.name.it),
                "topic {}: {:?} is not a topic of the national model's controlled vocabulary (see guide/vocabulary.rs)",
                topic.slug,
                topic.name.it
            );
        }
        let mut sheet_slugs = HashSet::new();
        for sheet in &self.sheets {
            let name = &sheet.slug;
            ensure!(is_valid_slug(name), "sheet slug {name:?} is not valid");
            ensure!(sheet_slugs.insert(name.as_str()), "sheet {name} appears twice");
            ensure!(!sheet.topics.is_empty(), "sheet {name} has no topic");
            for topic in &sheet.topics {
                ensure!(topic_slugs.contains(topic.as_str()), "sheet {name} names unknown topic {topic}");
            }
            ensure!(self.offices.contains_key(&sheet.office), "sheet {name} names unknown office {}", sheet.office);
            ensure!(is_iso_date(&sheet.updated_on), "sheet {name} has a bad updated_on date");
            ensure!(!sheet.forms.is_empty(), "sheet {name} has no downloadable form");
            for (section, paragraphs) in [
                ("addressed_to", &sheet.addressed_to),
                ("description", &sheet.description),
                ("how_to", &sheet.how_to),
                ("needed", &sheet.needed),
                ("achieved", &sheet.achieved),
                ("times_and_deadlines", &sheet.times_and_deadlines),
                ("cost", &sheet.cost),
            ] {
                ensure!(!paragraphs.is_empty(), "sheet {name} has an empty {section} section");
            }
            let mut form_slugs = HashSet::new();
            for form in &sheet.forms {
                ensure!(is_valid_slug(&form.slug), "sheet {name}: form slug {:?} is not valid", form.slug);
                ensure!(form_slugs.insert(form.slug.as_str()), "sheet {name}: form {} appears twice", form.slug);
                ensure!(!form.fields.is_empty(), "sheet {name}: form {} has no fields", form.slug);
            }
            if !sheet.access.url.starts_with('/') && !sheet.access.url.starts_with("https://") {
                bail!("sheet {name}: access url must be a site path or an https URL");
            }
            // Where the service can be asked for online, that is the way the
            // sheet tells first; the counter and email come after, as the alternative.
            if sheet.access.kind == ServiceAccessKind::Online {
                ensure!(
                    sheet.how_to.first().is_some_and(|step| step.contains("online")),
                    "sheet {name} can be asked for online: its first how_to step must say so (the counter and email come after, \"In alternativa, …\")"
                );
                for step in &sheet.how_to[1..] {
                    let offline_way = ["Consegna", "consegna", "inviala", "invialo"].iter().any(|word| step.contains(word));
                    ensure!(
                        !offline_way || step.starts_with("In alternativa"),
                        "sheet {name}: the step {step:?} gives another way than online without saying it is the alternative"
                    );
                }
            }
        }
        for page in &self.pages {
            ensure!(is_valid_slug(&page.slug), "page slug {:?} is not valid", page.slug);
            ensure!(is_iso_date(&page.updated_on), "page {} has a bad updated_on date", page.slug);
            for section in &page.section {
                if let Some(hook) = &section.model_hook {
                    ensure!(PAGE_SECTION_HOOKS.contains(&hook.as_str()), "page {}: unknown model_hook {hook:?}", page.slug);
                }
            }
        }
        Ok(())
    }

    pub fn stored_body(&self, sheet: &SheetContent) -> StoredSheetBody {
        StoredSheetBody {
            service_type: sheet.service_type.clone(),
            office: self.offices[&sheet.office].clone(),
            addressed_to: sheet.addressed_to.clone(),
            description: sheet.description.clone(),
            how_to: sheet.how_to.clone(),
            needed: sheet.needed.clone(),
            achieved: sheet.achieved.clone(),
            times_and_deadlines: sheet.times_and_deadlines.clone(),
            cost: sheet.cost.clone(),
            conditions: sheet.conditions.clone(),
            access: sheet.access.clone(),
            forms: sheet.forms.clone(),
        }
    }
}

/// Writes the content into the database in one transaction: upserts, then
/// removes what the files no longer contain.
pub async fn store_content(pool: &AnyPool, content: &GuideContent) -> anyhow::Result<()> {
    let mut transaction = pool.begin().await.context("cannot start the content transaction")?;
    for (position, topic) in content.topics.iter().enumerate() {
        sqlx::query(
            "INSERT INTO guide_topics (slug, position, name_it, name_en, description_it, description_en) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (slug) DO UPDATE SET position = excluded.position, name_it = excluded.name_it, \
             name_en = excluded.name_en, description_it = excluded.description_it, \
             description_en = excluded.description_en",
        )
        .bind(&topic.slug)
        .bind(position as i64)
        .bind(&topic.name.it)
        .bind(&topic.name.en)
        .bind(&topic.description.it)
        .bind(&topic.description.en)
        .execute(&mut *transaction)
        .await
        .with_context(|| format!("cannot store topic {}", topic.slug))?;
    }
    sqlx::query("DELETE FROM guide_service_sheet_topics").execute(&mut *transaction).await.context("cannot clear sheet topics")?;
    for sheet in &content.sheets {
        let body = serde_json::to_string(&content.stored_body(sheet)).context("cannot serialise a sheet")?;
        sqlx::query(
            "INSERT INTO guide_service_sheets (slug, title_it, title_en, summary_it, summary_en, body_json, updated_on, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (slug) DO UPDATE SET title_it = excluded.title_it, title_en = excluded.title_en, \
             summary_it = excluded.summary_it, summary_en = excluded.summary_en, body_json = excluded.body_json, \
             updated_on = excluded.updated_on, active = excluded.active",
        )
        .bind(&sheet.slug)
        .bind(&sheet.title.it)
        .bind(&sheet.title.en)
        .bind(&sheet.summary.it)
        .bind(&sheet.summary.en)
        .bind(body)
        .bind(&sheet.updated_on)
        .bind(i64::from(sheet.active))
        .execute(&mut *transaction)
        .await
        .with_context(|| format!("cannot store sheet {}", sheet.slug))?;
        for topic in &sheet.topics {
            sqlx::query("INSERT INTO guide_service_sheet_topics (sheet_slug, topic_slug) VALUES ($1, $2)")
                .bind(&sheet.slug)
                .bind(topic)
                .execute(&mut *transaction)
                .await
                .with_context(|| format!("cannot link sheet {} to topic {topic}", sheet.slug))?;
        }
    }
    for page in &content.pages {
        let body = serde_json::to_string(page).context("cannot serialise a page")?;
        sqlx::query(
            "INSERT INTO guide_editorial_pages (slug, body_json, updated_on) VALUES ($1, $2, $3) \
             ON CONFLICT (slug) DO UPDATE SET body_json = excluded.body_json, updated_on = excluded.updated_on",
        )
        .bind(&page.slug)
        .bind(body)
        .bind(&page.updated_on)
        .execute(&mut *transaction)
        .await
        .with_context(|| format!("cannot store page {}", page.slug))?;
    }
    remove_missing(&mut transaction, "guide_service_sheets", content.sheets.iter().map(|s| s.slug.as_str())).await?;
    remove_missing(&mut transaction, "guide_topics", content.topics.iter().map(|t| t.slug.as_str())).await?;
    remove_missing(&mut transaction, "guide_editorial_pages", content.pages.iter().map(|p| p.slug.as_str())).await?;
    transaction.commit().await.context("cannot commit the content")?;
    Ok(())
}

async fn remove_missing<'a>(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &'static str,
    keep: impl Iterator<Item = &'a str>,
) -> anyhow::Result<()> {
    let keep = keep.collect::<HashSet<_>>();
    let existing: Vec<String> =
        sqlx::query_scalar(&format!("SELECT slug FROM {table}")).fetch_all(&mut **transaction).await.with_context(|| format!("cannot list {table}"))?;
    for slug in existing.into_iter().filter(|slug| !keep.contains(slug.as_str())) {
        sqlx::query(&format!("DELETE FROM {table} WHERE slug = $1"))
            .bind(&slug)
            .execute(&mut **transaction)
            .await
            .with_context(|| format!("cannot remove {slug} from {table}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_content_is_complete_and_consistent() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = GuideContent::load(&dir).expect("content loads");
        assert!(content.sheets.len() >= 30, "the guide needs at least 30 service sheets");
        assert!(content.topics.len() >= 6);
        for topic in &content.topics {
            assert!(content.sheets.iter().any(|sheet| sheet.topics.contains(&topic.slug)), "topic {} has no sheet", topic.slug);
        }
        for slug in [
            "privacy",
            "dichiarazione-di-accessibilita",
            "faq",
            "segnalazione-disservizio",
            "prenota-appuntamento",
            "condizioni-di-servizio",
            "accedi",
            "note-legali",
            "piano-di-miglioramento",
        ] {
            assert!(content.pages.iter().any(|page| page.slug == slug), "page {slug} is missing");
        }
    }

    #[test]
    fn a_sheet_that_can_be_asked_for_online_tells_the_online_way_first() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = GuideContent::load(&dir).expect("content loads");
        let online = content.sheets.iter().position(|sheet| sheet.slug == "tari-iscrizione").unwrap();
        assert_eq!(content.sheets[online].access.kind, ServiceAccessKind::Online);
        let mut counter_first = content.clone();
        counter_first.sheets[online].how_to = vec![
            "Compila la dichiarazione.".into(),
            "Consegnala allo Sportello del Cittadino o inviala per email.".into(),
            "Oppure compila la domanda online.".into(),
        ];
        let error = counter_first.check().unwrap_err().to_string();
        assert!(error.contains("tari-iscrizione") && error.contains("first how_to step"), "{error}");
        let mut alternative_unnamed = content.clone();
        alternative_unnamed.sheets[online].how_to =
            vec!["Compila la dichiarazione online.".into(), "Consegnala allo Sportello del Cittadino o inviala per email.".into()];
        let error = alternative_unnamed.check().unwrap_err().to_string();
        assert!(error.contains("without saying it is the alternative"), "{error}");
    }

    #[test]
    fn every_topic_is_named_from_the_models_vocabulary() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let mut content = GuideContent::load(&dir).expect("content loads");
        assert!(content.topics.iter().all(|topic| super::super::vocabulary::is_model_topic(&topic.name.it)));
        content.topics[0].name.it = "Anagrafe e stato civile".into();
        let error = content.check().unwrap_err().to_string();
        assert!(error.contains("anagrafe-e-stato-civile") && error.contains("controlled vocabulary"), "{error}");
    }

    #[test]
    fn dates_must_be_iso() {
        assert!(is_iso_date("2026-11-02"));
        assert!(!is_iso_date("02/11/2026"));
    }
}
