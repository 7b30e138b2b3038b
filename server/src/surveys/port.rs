//! The surveys' pages' port: the lists, a survey's form with a fresh
//! signed token, and the results with a chart per question.

use super::store::{answers, find_survey, signing_key, surveys};
use crate::clock::Clock;
use app::i18n::Locale;
use app::practices::calendar::rome_date_of_unix_seconds;
use app::surveys::model::{tally, QuestionView, SurveyPageView, SurveyResultsView, SurveyState, SurveySummary};
use sqlx::AnyPool;

/// The signing key's name in `signing_keys`.
pub const TOKEN_KEY: &str = "questionari";

pub struct SqlSurveysPort {
    pub pool: AnyPool,
    pub clock: Clock,
}

fn failed(error: anyhow::Error) -> String {
    format!("{error:#}")
}

impl SqlSurveysPort {
    /// A survey's results if they may be shown: once closed, or to an administrator.
    pub async fn published_results(&self, slug: &str, administrator: bool, locale: Locale) -> anyhow::Result<Option<SurveyResultsView>> {
        let Some(stored) = find_survey(&self.pool, slug).await? else {
            return Ok(None);
        };
        if stored.state != SurveyState::Closed && !administrator {
            return Ok(None);
        }
        let results = tally(&stored.survey, &answers(&self.pool, slug).await?, locale);
        Ok(Some(SurveyResultsView {
            slug: stored.survey.slug.clone(),
            title: stored.survey.title(locale).to_string(),
            state: stored.state,
            responses: stored.responses,
            charts: Vec::new(),
            results,
        }))
    }
}

#[async_trait::async_trait]
impl app::surveys::ssr::SurveysPort for SqlSurveysPort {
    async fn surveys(&self, with_drafts: bool, locale: Locale) -> Result<Vec<SurveySummary>, String> {
        Ok(surveys(&self.pool)
            .await
            .map_err(failed)?
            .into_iter()
            .filter(|stored| with_drafts || stored.state != SurveyState::Draft)
            .map(|stored| SurveySummary {
                slug: stored.survey.slug.clone(),
                title: stored.survey.title(locale).to_string(),
                state: stored.state,
                responses: stored.responses,
            })
            .collect())
    }

    async fn survey(&self, slug: &str, locale: Locale) -> Result<Option<SurveyPageView>, String> {
        let Some(stored) = find_survey(&self.pool, slug).await.map_err(failed)?.filter(|stored| stored.state != SurveyState::Draft) else {
            return Ok(None);
        };
        let token = if stored.state == SurveyState::Open {
            let key = signing_key(&self.pool, TOKEN_KEY).await.map_err(failed)?;
            super::tokens::issue(&key, slug, rome_date_of_unix_seconds(self.clock.now_unix_seconds()))
        } else {
            String::new()
        };
        let survey = &stored.survey;
        Ok(Some(SurveyPageView {
            slug: survey.slug.clone(),
            title: survey.title(locale).to_string(),
            intro: survey.intro(locale).to_string(),
            state: stored.state,
            questions: survey
                .questions
                .iter()
                .map(|question| QuestionView {
                    id: question.id.clone(),
                    field: question.field(),
                    kind: question.kind,
                    text: question.text(locale).to_string(),
                    choices: question.choices(locale),
                    required: question.required,
                })
                .collect(),
            token,
        }))
    }

    async fn results(&self, slug: &str, administrator: bool, locale: Locale) -> Result<Option<SurveyResultsView>, String> {
        let mut results = self.published_results(slug, administrator, locale).await.map_err(failed)?;
        if let Some(results) = results.as_mut() {
            results.charts = results.results.iter().map(super::charts::chart_svg).collect();
        }
        Ok(results)
    }
}
