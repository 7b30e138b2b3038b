//! Filing a practice: one transaction that takes the draft, the next
//! protocol number of the year and the first events. Idempotent: the draft
//! remembers its practice, so a double click, a refresh or a retry finds the
//! practice already filed and files nothing.

use super::events::{insert_practice_event, EventActor, NewPracticeEvent};
use crate::auth::tokens::{now_unix_seconds, random_bytes};
use crate::database::{next_counter_value, Counter};
use anyhow::Context;
use app::practices::answers::Answers;
use app::practices::calendar::rome_date_of_unix_seconds;
use app::practices::model::PracticeStatus;
use app::practices::protocol_number::ProtocolNumber;
use sqlx::AnyPool;

/// What filing gave: the practice and whether this call filed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FiledPractice {
    pub practice_id: String,
    pub protocol_number: ProtocolNumber,
    pub check_code: String,
    pub newly_filed: bool,
}

/// The check code printed on the receipt: 8 characters without look-alikes
/// (no 0/O, 1/I/L), written `ABCD-EFGH`; 40 random bits.
pub fn new_check_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<8>();
    let characters: String = bytes.iter().map(|byte| ALPHABET[usize::from(*byte) % ALPHABET.len()] as char).collect();
    format!("{}-{}", &characters[..4], &characters[4..])
}

/// Files the draft with its validated answers. None if the draft is not this account's.
#[tracing::instrument(skip_all)]
pub async fn file_practice(
    pool: &AnyPool,
    account_id: &str,
    draft_id: &str,
    office: &str,
    time_limit: &app::practices::procedure::TimeLimit,
    filed_answers: &Answers,
) -> anyhow::Result<Option<FiledPractice>> {
    let now = now_unix_seconds();
    let mut transaction = pool.begin().await.context("cannot start filing")?;
    // Writing first takes the draft's lock before anything is read (SQLite:
    // the write lock; PostgreSQL: the row), so two submissions of one draft
    // run one after the other and the second sees the first's practice.
    let owned = sqlx::query("UPDATE practice_drafts SET updated_at = $3 WHERE id = $1 AND account_id = $2")
        .bind(draft_id)
        .bind(account_id)
        .bind(now)
        .execute(&mut *transaction)
        .await
        .context("cannot lock the draft")?
        .rows_affected();
    if owned == 0 {
        return Ok(None);
    }
    let (slug, version, already): (String, i64, Option<String>) =
        sqlx::query_as("SELECT procedure_slug, procedure_version, submitted_practice_id FROM practice_drafts WHERE id = $1")
            .bind(draft_id)
            .fetch_one(&mut *transaction)
            .await
            .context("cannot read the draft")?;
    if let Some(practice_id) = already {
        let (year, sequence, check_code): (i64, i64, String) =
            sqlx::query_as("SELECT protocol_year, protocol_sequence, check_code FROM practices WHERE id = $1")
                .bind(&practice_id)
                .fetch_one(&mut *transaction)
                .await
                .context("cannot read the filed practice")?;
        transaction.commit().await.context("cannot end the filing")?;
        let protocol_number = ProtocolNumber::from_stored(year, sequence).context("a stored protocol number is invalid")?;
        return Ok(Some(FiledPractice { practice_id, protocol_number, check_code, newly_filed: false }));
    }
    let filed_on = rome_date_of_unix_seconds(now);
    let year = i64::from(filed_on.year());
    let sequence = next_counter_value(&mut transaction, &PROTOCOL_REGISTER, year).await?;
    let protocol_number = ProtocolNumber::from_stored(year, sequence).context("the protocol register is full for the year")?;
    let practice_id = uuid::Uuid::new_v4().to_string();
    let check_code = new_check_code();
    let due_on = time_limit.expected_completion(filed_on, PracticeStatus::Protocolled, &[]);
    sqlx::query(
        "INSERT INTO practices (id, draft_id, account_id, procedure_slug, procedure_version, office, protocol_year, protocol_sequence, \
         check_code, status, answers_json, submitted_at, submitted_on, due_on, last_event_sequence) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 2)",
    )
    .bind(&practice_id)
    .bind(draft_id)
    .bind(account_id)
    .bind(&slug)
    .bind(version)
    .bind(office)
    .bind(year)
    .bind(sequence)
    .bind(&check_code)
    .bind(PracticeStatus::Protocolled.code())
    .bind(serde_json::to_string(filed_answers).context("cannot serialise the answers")?)
    .bind(now)
    .bind(filed_on.to_string())
    .bind(due_on.map(|date| date.to_string()))
    .execute(&mut *transaction)
    .await
    .context("cannot file the practice")?;
    let protocol_note = protocol_number.to_string();
    for (sequence, kind, status, actor, note) in [
        (1i64, "submitted", PracticeStatus::Submitted, EventActor::Citizen, ""),
        (2, "protocolled", PracticeStatus::Protocolled, EventActor::System, protocol_note.as_str()),
    ] {
        let event = NewPracticeEvent {
            practice_id: &practice_id,
            sequence,
            occurred_at: now,
            actor,
            actor_account_id: (actor == EventActor::Citizen).then_some(account_id),
            kind,
            status_after: status,
            note,
            visible_to_citizen: true,
            deadline: None,
        };
        insert_practice_event(&mut *transaction, &event).await.context("cannot record the practice's first events")?;
    }
    sqlx::query("UPDATE practice_drafts SET submitted_practice_id = $2 WHERE id = $1")
        .bind(draft_id)
        .bind(&practice_id)
        .execute(&mut *transaction)
        .await
        .context("cannot close the draft")?;
    transaction.commit().await.context("cannot commit the filing")?;
    tracing::info!(procedure = %slug, "practice filed");
    Ok(Some(FiledPractice { practice_id, protocol_number, check_code, newly_filed: true }))
}

/// The yearly register: the counter row's lock orders concurrent filings.
const PROTOCOL_REGISTER: Counter = Counter { table: "protocol_counters", key_column: "year", value_column: "last_number", name: "the protocol register" };
