-- Accounts, sessions, login throttling and the audit log.
-- Portable between SQLite and PostgreSQL (see 0001): instants are Unix
-- seconds in BIGINT, ids are text, booleans are 0/1 BIGINT.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    fiscal_code TEXT NOT NULL UNIQUE,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL,
    -- Argon2id PHC string; NULL until the counter credentials are activated
    -- (SPID and CNS users never have one).
    password_hash TEXT,
    -- Base32 TOTP secret once the citizen has enrolled an authenticator app.
    totp_secret TEXT,
    -- The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    -- SHA-256 of the pending one-time activation code, and until when it works.
    activation_code_hash TEXT,
    activation_expires_at BIGINT,
    -- Where the identity came from: counter, spid, smart_card.
    identity_source TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The offices a clerk works for (codes from the municipality's organisation).
CREATE TABLE clerk_offices (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    office_code TEXT NOT NULL,
    PRIMARY KEY (account_id, office_code)
);

-- Server-side sessions, shared by every server instance. The cookie holds a
-- random token; only its SHA-256 is stored, so a copy of the table cannot be
-- replayed as cookies.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- 0 = password accepted, second factor still to come; 1 or 2 = SPID-like level.
    level BIGINT NOT NULL,
    method TEXT NOT NULL,
    -- A TOTP secret being enrolled, confirmed by the first code.
    pending_totp_secret TEXT,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed attempts per account and per client address (rate limiting).
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_started_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

-- Append-only, hash-chained: each entry's hash covers its fields and the
-- previous entry's hash, so changing or removing a row breaks the chain.
-- The sequence is assigned as last + 1 under the primary key, so two
-- concurrent writers cannot fork the chain: the loser retries.
CREATE TABLE audit_log (
    sequence BIGINT PRIMARY KEY,
    recorded_at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject);
CREATE INDEX audit_log_by_actor ON audit_log (actor);
