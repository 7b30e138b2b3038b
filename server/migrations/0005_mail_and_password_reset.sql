-- Outgoing mail, verified email addresses and password reset by email.
-- Portable between SQLite and PostgreSQL (see 0001).

-- When the current email address was proven to reach its owner (a code sent
-- to it was typed back). Changing the address clears it.
ALTER TABLE accounts ADD COLUMN email_verified_at BIGINT;

-- A verification code sent to an address: only its digest (bound to the
-- account and the address) is kept, it expires, and it dies after a few
-- wrong attempts.
CREATE TABLE email_verifications (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    code_digest TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    failed_attempts BIGINT NOT NULL DEFAULT 0
);

-- One-time password reset links sent to a verified address. The link holds a
-- random token; only its SHA-256 is stored, so a copy of the table opens
-- nothing.
CREATE TABLE password_reset_links (
    token_digest TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_reset_links_by_account ON password_reset_links (account_id);

-- The outbox: a message is written here in the request that causes it and
-- delivered by a background worker, so a slow or unreachable mail server
-- never fails a citizen's request and nothing is lost on restart. A worker
-- claims a message (claimed_until) before sending, so several server
-- instances never send one twice. The body is erased once delivered: it may
-- carry a one-time link or code.
CREATE TABLE outgoing_mail (
    id TEXT PRIMARY KEY,
    account_id TEXT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    attempts BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outgoing_mail_due ON outgoing_mail (sent_at, next_attempt_at);
