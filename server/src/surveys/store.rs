//! The surveys on record: their definitions (the content's, kept as they
//! were once a response exists), their state (only `change_state` moves
//! it), and the anonymous responses: a random id, the day, the answers;
//! never an account, an address or a time of day.

use anyhow::Context;
use app::surveys::model::{Survey, SurveyState};
use sqlx::{AnyPool, Row};

/// Writes the content's surveys: a new one as a draft; a changed one only
/// while nobody has answered it (afterwards its results must keep meaning
/// what was asked).
#[tracing::instrument(skip_all)]
pub async fn store_definitions(pool: &AnyPool, surveys: &[Survey]) -> anyhow::Result<()> {
    for survey in surveys {
        let definition = serde_json::to_string(survey).context("cannot write a survey's definition")?;
        sqlx::query("INSERT INTO surveys (slug, definition, state) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING")
            .bind(&survey.slug)
            .bind(&definition)
            .bind(SurveyState::Draft.code())
            .execute(pool)
            .await
            .context("cannot store a survey")?;
        sqlx::query("UPDATE surveys SET definition = $1 WHERE slug = $2 AND NOT EXISTS (SELECT 1 FROM survey_responses WHERE survey = $2)")
            .bind(&definition)
            .bind(&survey.slug)
            .execute(pool)
            .await
            .context("cannot update a survey")?;
    }
    Ok(())
}

/// A survey as stored, with its responses' count.
pub struct StoredSurvey {
    pub survey: Survey,
    pub state: SurveyState,
    pub responses: u32,
}

fn stored_of(row: &sqlx::any::AnyRow) -> anyhow::Result<StoredSurvey> {
    let definition: String = row.try_get("definition")?;
    Ok(StoredSurvey {
        survey: serde_json::from_str(&definition).context("a stored survey's definition does not read")?,
        state: SurveyState::parse(&row.try_get::<String, _>("state")?).unwrap_or(SurveyState::Draft),
        responses: u32::try_from(row.try_get::<i64, _>("responses")?).unwrap_or(0),
    })
}

const SELECT: &str = "SELECT s.slug, s.definition, s.state, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey = s.slug) AS responses FROM surveys s";

#[tracing::instrument(skip_all)]
pub async fn surveys(pool: &AnyPool) -> anyhow::Result<Vec<StoredSurvey>> {
    let rows = sqlx::query(&format!("{SELECT} ORDER BY s.slug")).fetch_all(pool).await.context("cannot read the surveys")?;
    rows.iter().map(stored_of).collect()
}

#[tracing::instrument(skip_all)]
pub async fn find_survey(pool: &AnyPool, slug: &str) -> anyhow::Result<Option<StoredSurvey>> {
    let row = sqlx::query(&format!("{SELECT} WHERE s.slug = $1")).bind(slug).fetch_optional(pool).await.context("cannot read a survey")?;
    row.as_ref().map(stored_of).transpose()
}

/// An administrator's step: a draft opened, an open survey closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyTransition {
    Open,
    Close,
}

/// Moves a survey on; false when it is not where the step starts from.
#[tracing::instrument(skip_all)]
pub async fn change_state(pool: &AnyPool, slug: &str, transition: SurveyTransition, by: &str, now: i64) -> anyhow::Result<bool> {
    let (from, to, column) = match transition {
        SurveyTransition::Open => (SurveyState::Draft, SurveyState::Open, "opened_at"),
        SurveyTransition::Close => (SurveyState::Open, SurveyState::Closed, "closed_at"),
    };
    let done = sqlx::query(&format!("UPDATE surveys SET state = $1, {column} = $2, changed_by = $3 WHERE slug = $4 AND state = $5"))
        .bind(to.code())
        .bind(now)
        .bind(by)
        .bind(slug)
        .bind(from.code())
        .execute(pool)
        .await
        .context("cannot change a survey's state")?;
    Ok(done.rows_affected() == 1)
}

/// Records a response, spending its token in the same transaction; false
/// when the token was spent already (the form sent twice).
#[tracing::instrument(skip_all)]
pub async fn record_response(pool: &AnyPool, slug: &str, nonce: &str, answers: &[(String, String)], day: time::Date) -> anyhow::Result<bool> {
    let mut transaction = pool.begin().await.context("cannot begin a survey response")?;
    let spent = sqlx::query("INSERT INTO survey_spent_tokens (nonce, survey, spent_on) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING")
        .bind(nonce)
        .bind(slug)
        .bind(day.to_string())
        .execute(&mut *transaction)
        .await
        .context("cannot spend a survey token")?;
    if spent.rows_affected() != 1 {
        return Ok(false);
    }
    // A random id (not a time-ordered one): nothing in it says when.
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO survey_responses (id, survey, answered_on) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(slug)
        .bind(day.to_string())
        .execute(&mut *transaction)
        .await
        .context("cannot record a survey response")?;
    for (question, answer) in answers {
        sqlx::query("INSERT INTO survey_answers (response_id, survey, question, answer) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(slug)
            .bind(question)
            .bind(answer)
            .execute(&mut *transaction)
            .await
            .context("cannot record a survey answer")?;
    }
    transaction.commit().await.context("cannot commit a survey response")?;
    Ok(true)
}

/// Every answer of a survey: (question, answer).
#[tracing::instrument(skip_all)]
pub async fn answers(pool: &AnyPool, slug: &str) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT question, answer FROM survey_answers WHERE survey = $1")
        .bind(slug)
        .fetch_all(pool)
        .await
        .context("cannot read a survey's answers")?;
    rows.iter().map(|row| Ok((row.try_get("question")?, row.try_get("answer")?))).collect::<Result<_, sqlx::Error>>().context("cannot read a survey answer")
}

/// The key the survey tokens are signed with: made once, shared by every
/// server of the portal through the database.
#[tracing::instrument(skip_all)]
pub async fn signing_key(pool: &AnyPool, name: &str) -> anyhow::Result<String> {
    sqlx::query("INSERT INTO signing_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(crate::auth::tokens::random_token())
        .execute(pool)
        .await
        .context("cannot make a signing key")?;
    sqlx::query_scalar("SELECT secret FROM signing_keys WHERE name = $1").bind(name).fetch_one(pool).await.context("cannot read a signing key")
}
