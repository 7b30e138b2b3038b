-- Processing filed practices (the back office): who has a practice in
-- charge, the open integration request's deadline, the day the office must
-- conclude by (recomputed at every event from the procedure's time limit and
-- the suspensions, so the inbox can filter overdue practices in SQL), the
-- events' own counter, and documents exchanged after filing. Portable between
-- SQLite and PostgreSQL (see 0001).

ALTER TABLE practices ADD COLUMN assigned_clerk_id TEXT;
ALTER TABLE practices ADD COLUMN integration_deadline TEXT;
-- ISO date; NULL while the time limit is suspended or once concluded.
ALTER TABLE practices ADD COLUMN due_on TEXT;
-- Every filed practice so far has exactly its two first events.
ALTER TABLE practices ADD COLUMN last_event_sequence BIGINT NOT NULL DEFAULT 2;
ALTER TABLE practices ADD COLUMN concluded_at BIGINT;
CREATE INDEX practices_by_office_and_due_day ON practices (office, due_on);

-- Internal notes are the office's only.
ALTER TABLE practice_events ADD COLUMN visible_to_citizen BIGINT NOT NULL DEFAULT 1;
-- The deadline an integration request gave (ISO date).
ALTER TABLE practice_events ADD COLUMN deadline TEXT;

-- Files exchanged after filing: the citizen's answers to integration
-- requests and the office's outcome documents. Contents are shared with the
-- wizard's attachments (one copy per SHA-256).
CREATE TABLE practice_documents (
    id TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    event_sequence BIGINT NOT NULL,
    -- 'citizen' or 'clerk'
    added_by TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sniffed_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_contents (sha256),
    size_bytes BIGINT NOT NULL,
    added_at BIGINT NOT NULL
);
CREATE INDEX practice_documents_by_practice ON practice_documents (practice_id, added_at);
