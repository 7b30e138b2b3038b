-- Practices: drafts saved at every step, filed practices with their yearly
-- protocol number, and the timeline of events. Portable between SQLite and
-- PostgreSQL (see 0001).

-- A wizard in progress. The answers are kept as typed (also when a step has
-- mistakes: nothing typed is lost); `reached_step` is how far the citizen
-- may go (every earlier step was accepted).
CREATE TABLE practice_drafts (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    procedure_slug TEXT NOT NULL,
    procedure_version BIGINT NOT NULL,
    answers_json TEXT NOT NULL,
    reached_step BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Set when the draft is filed: a second submission finds it and files nothing.
    submitted_practice_id TEXT,
    FOREIGN KEY (procedure_slug, procedure_version) REFERENCES procedure_versions (slug, version)
);
CREATE INDEX practice_drafts_by_account ON practice_drafts (account_id, updated_at);

-- The last protocol number given in each year. Incremented in the same
-- transaction that files the practice, so a failure leaves no gap and the
-- row lock keeps two instances from giving one number twice.
CREATE TABLE protocol_counters (
    year BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);

CREATE TABLE practices (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL UNIQUE REFERENCES practice_drafts (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    procedure_slug TEXT NOT NULL,
    procedure_version BIGINT NOT NULL,
    office TEXT NOT NULL,
    protocol_year BIGINT NOT NULL,
    protocol_sequence BIGINT NOT NULL,
    -- Printed on the receipt; with the protocol number it opens the public status page.
    check_code TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The answers as filed (normalised by the validation engine).
    answers_json TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    -- The filing day in Rome (ISO date): where the legal time limit starts.
    submitted_on TEXT NOT NULL,
    UNIQUE (protocol_year, protocol_sequence),
    FOREIGN KEY (procedure_slug, procedure_version) REFERENCES procedure_versions (slug, version)
);
CREATE INDEX practices_by_account ON practices (account_id, submitted_at);
CREATE INDEX practices_by_office ON practices (office, status, submitted_at);

-- Every step of a practice's life: when, who, what, with which note.
CREATE TABLE practice_events (
    practice_id TEXT NOT NULL REFERENCES practices (id),
    sequence BIGINT NOT NULL,
    occurred_at BIGINT NOT NULL,
    -- 'citizen', 'clerk' or 'system'.
    actor_kind TEXT NOT NULL,
    actor_account_id TEXT,
    kind TEXT NOT NULL,
    status_after TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (practice_id, sequence)
);
