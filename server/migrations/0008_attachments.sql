-- Attachments of practices. Contents are stored once per SHA-256 (content
-- addressed); each upload is a row naming the draft, the field and the name
-- the citizen gave the file. The type is what the bytes are, sniffed at
-- upload, never what the name says. Portable between SQLite and PostgreSQL
-- (BYTEA has BLOB storage in SQLite).

CREATE TABLE attachment_contents (
    sha256 TEXT PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    content BYTEA NOT NULL
);

CREATE TABLE draft_attachments (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES practice_drafts (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- pdf, pdf_a, signed_p7m, jpeg, png
    sniffed_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_contents (sha256),
    size_bytes BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX draft_attachments_by_draft ON draft_attachments (draft_id, uploaded_at);
