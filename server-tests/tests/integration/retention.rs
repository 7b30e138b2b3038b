//! Retention enforced: what is past its retention is erased and each run is
//! recorded, on SQLite and PostgreSQL; filed drafts, recent work and open
//! sessions are never touched.

use crate::practice_wizard::{create_citizen, log_in, PNG};
use crate::support::*;
use server::retention::{enforce_retention, UNFILED_DRAFT_RETENTION_SECONDS};

async fn new_draft(citizen: &mut Browser) -> String {
    let first_step = location(&citizen.post_form("/area-personale/pratiche/nuova/accesso-civico-generalizzato", &[]).await);
    first_step.split('/').nth(3).expect("/area-personale/bozze/<draft>/…").to_string()
}

async fn count(server: &TestServer, query: &str, bind: &str) -> i64 {
    sqlx::query_scalar(query).bind(bind).fetch_one(server.pool()).await.unwrap()
}

async fn what_is_past_its_retention_is_erased_and_the_run_recorded(server: &TestServer) {
    let pool = server.pool();
    let account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", false).await;
    let (forgotten, recent, filed) = (new_draft(&mut citizen).await, new_draft(&mut citizen).await, new_draft(&mut citizen).await);
    let sniffed = server::practices::attachments::sniff(PNG).expect("a PNG");
    server::practices::attachments::store_attachment(pool, &forgotten, "allegati", "scansione.png", sniffed, PNG).await.unwrap();
    let now = server.clock.now_unix_seconds();
    let long_ago = now - UNFILED_DRAFT_RETENTION_SECONDS - 86_400;
    for draft in [&forgotten, &filed] {
        sqlx::query("UPDATE practice_drafts SET updated_at = $1 WHERE id = $2").bind(long_ago).bind(draft).execute(pool).await.unwrap();
    }
    sqlx::query("UPDATE practice_drafts SET submitted_practice_id = $1 WHERE id = $2").bind("a-filed-practice").bind(&filed).execute(pool).await.unwrap();
    sqlx::query("INSERT INTO sessions (token_hash, account_id, level, method, created_at, last_seen_at) VALUES ($1, $2, 1, 'password', $3, $3)")
        .bind("ended-yesterday")
        .bind(&account)
        .bind(now - 86_400)
        .execute(pool)
        .await
        .unwrap();
    for (key, failures, since) in [("old-address", 3_i64, now - 2 * 86_400), ("this-morning", 1_i64, now - 60)] {
        sqlx::query("INSERT INTO login_throttle (throttle_key, failures, window_started_at, locked_until) VALUES ($1, $2, $3, 0)")
            .bind(key)
            .bind(failures)
            .bind(since)
            .execute(pool)
            .await
            .unwrap();
    }

    // A photo uploaded two days ago with a report never sent, and one of this morning.
    for (id, at) in [("a0000000-0000-4000-8000-000000000001", now - 2 * 86_400), ("a0000000-0000-4000-8000-000000000002", now - 60)] {
        sqlx::query(
            "INSERT INTO report_photos (id, report_number, account_id, position, width, height, jpeg, created_at) VALUES ($1, NULL, $2, 0, 1, 1, $3, $4)",
        )
        .bind(id)
        .bind(&account)
        .bind(b"\xFF\xD8\xFF\xD9".to_vec())
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
    }

    // The job's own run at start is in the past of this one.
    let at = now + 2;
    let run = enforce_retention(pool, at).await.unwrap();
    assert_eq!((run.unfiled_drafts, run.file_contents, run.sessions, run.throttle_rows, run.unfiled_report_photos), (1, 1, 1, 1, 1), "{run:?}");
    assert_eq!(count(server, "SELECT COUNT(*) FROM report_photos WHERE id = $1", "a0000000-0000-4000-8000-000000000002").await, 1, "this morning's is kept");
    let drafts = "SELECT COUNT(*) FROM practice_drafts WHERE id = $1";
    assert_eq!(count(server, drafts, &forgotten).await, 0, "a draft left for 91 days is erased");
    assert_eq!(count(server, "SELECT COUNT(*) FROM draft_attachments WHERE draft_id = $1", &forgotten).await, 0, "with its attachments");
    assert_eq!(count(server, drafts, &recent).await, 1, "recent work is kept");
    assert_eq!(count(server, drafts, &filed).await, 1, "a filed draft belongs to its practice and is kept");
    assert_eq!(count(server, "SELECT COUNT(*) FROM sessions WHERE token_hash = $1", "ended-yesterday").await, 0);
    assert_eq!(count(server, "SELECT COUNT(*) FROM login_throttle WHERE throttle_key = $1", "this-morning").await, 1);
    assert_eq!(citizen.get("/area-personale").await.status(), 200, "the open session still works");
    let recorded: (i64, i64, i64) =
        sqlx::query_as("SELECT unfiled_drafts, sessions, throttle_rows FROM retention_runs WHERE ran_at = $1").bind(at).fetch_one(pool).await.unwrap();
    assert_eq!(recorded, (1, 1, 1), "the run is recorded");

    // Nothing left to erase: the next run erases nothing and is recorded too.
    assert_eq!(enforce_retention(pool, at + 1).await.unwrap(), server::retention::RetentionRun::default());
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM retention_runs WHERE ran_at >= $1").bind(at).fetch_one(pool).await.unwrap();
    assert_eq!(runs, 2);
}

on_both_databases!(what_is_past_its_retention_is_erased_and_the_run_recorded);
