-- The message centre (issue 21): every message to a citizen is kept here,
-- the personal area's copy ("I miei messaggi"), whatever else carries it;
-- each channel's outcome is a delivery row. Email goes through the outbox
-- (its own delivery state); App IO deliveries wait here for the IO worker.
CREATE TABLE citizen_messages (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    -- 'pratiche', 'pagamenti', 'appuntamenti'.
    kind TEXT NOT NULL,
    -- The language it was written in ('it', 'en').
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    due_on TEXT,
    notice_number TEXT,
    amount_cents BIGINT,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    -- Set for a message that must go once only (a receipt, a reminder): a
    -- second send with the same key is dropped.
    once_key TEXT
);
CREATE INDEX citizen_messages_by_account ON citizen_messages (account_id, created_at);
CREATE UNIQUE INDEX citizen_messages_once ON citizen_messages (account_id, once_key);

CREATE TABLE message_deliveries (
    message_id TEXT NOT NULL,
    -- 'email', 'app_io'.
    channel TEXT NOT NULL,
    -- 'queued' (email: in the outbox), 'pending' (App IO: waiting for the
    -- worker), 'sent', 'not_on_io', 'opted_out', 'invalid', 'failed',
    -- 'not_chosen' (the citizen turned the channel off for this kind),
    -- 'no_address' (no verified email).
    outcome TEXT NOT NULL,
    detail TEXT,
    -- IO's id of the message, once sent.
    provider_id TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, channel)
);
CREATE INDEX message_deliveries_pending ON message_deliveries (outcome, next_attempt_at);

-- The channels a citizen chose per kind (no row: every channel).
CREATE TABLE message_preferences (
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    email BIGINT NOT NULL,
    app_io BIGINT NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- The language the Comune writes to the citizen in when it writes first.
ALTER TABLE accounts ADD COLUMN message_locale TEXT;
