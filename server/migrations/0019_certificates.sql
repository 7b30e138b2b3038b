-- Registry certificates: the public keys that ever sealed one (a rotated
-- key still verifies what it sealed) and every certificate made, with the
-- PDF exactly as issued (a stamp duty binds its SHA-256).
CREATE TABLE seal_keys (
    key_id TEXT PRIMARY KEY,
    public_key BYTEA NOT NULL,
    -- Only the key a development server generated keeps its private part
    -- here; a production key is read from its file and never stored.
    development_pkcs8 BYTEA,
    created_at BIGINT NOT NULL
);

CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    verification_code TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    requester_fiscal_code TEXT NOT NULL,
    subject_fiscal_code TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    issued_on TEXT NOT NULL,
    valid_until TEXT,
    -- 'bollo' (paid through pagoPA), 'esenzione' (declared), 'esente_per_legge'.
    stamp_duty TEXT NOT NULL,
    -- As printed on the certificate.
    stamp_duty_text TEXT NOT NULL,
    exemption_code BIGINT,
    exemption_reason TEXT,
    -- The stamp duty's position: the certificate is issued once it is paid.
    stamp_position_id TEXT REFERENCES debt_positions (id),
    content_digest TEXT NOT NULL,
    seal_key_id TEXT NOT NULL REFERENCES seal_keys (key_id),
    signature TEXT NOT NULL,
    document_digest TEXT NOT NULL,
    document BYTEA NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT,
    revocation_reason TEXT
);
CREATE INDEX certificates_by_account ON certificates (account_id, created_at);
CREATE INDEX certificates_by_document ON certificates (document_digest);
