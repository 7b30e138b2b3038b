-- SPID single logout: which provider session stands behind a portal session
-- (to ask the provider to end it too), and the logout requests we sent.

CREATE TABLE spid_sessions (
    session_token_hash TEXT PRIMARY KEY,
    identity_provider TEXT NOT NULL,
    name_id TEXT NOT NULL,
    name_qualifier TEXT NOT NULL,
    session_index TEXT NOT NULL
);

CREATE TABLE spid_logout_requests (
    id TEXT PRIMARY KEY,
    identity_provider TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    consumed_at BIGINT
);
