-- SPID: the authentication requests this portal issued, so that an answer is
-- accepted only for a request of ours, from the provider it went to, once;
-- and the assertions already used, so that none is accepted twice.
-- Instants are Unix seconds in BIGINT (see 0001).

CREATE TABLE spid_authn_requests (
    -- The AuthnRequest's ID, which the answer's InResponseTo must carry.
    id TEXT PRIMARY KEY,
    identity_provider TEXT NOT NULL,
    requested_level BIGINT NOT NULL,
    -- Opaque RelayState sent with the request (random, says nothing).
    relay_state TEXT NOT NULL,
    return_path TEXT NOT NULL,
    -- SHA-256 of the session the browser had when it asked (ended at login).
    previous_session_hash TEXT,
    issued_at BIGINT NOT NULL,
    consumed_at BIGINT
);

CREATE TABLE spid_used_assertions (
    assertion_id TEXT PRIMARY KEY,
    identity_provider TEXT NOT NULL,
    used_at BIGINT NOT NULL
);
