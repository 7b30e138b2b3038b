-- Procedures are data: each version of a definition is kept for ever, so a
-- practice is always read with the definition it was filed under.
-- Portable between SQLite and PostgreSQL (see 0001).

CREATE TABLE procedures (
    slug TEXT PRIMARY KEY,
    theme TEXT NOT NULL,
    -- The version citizens file today.
    current_version BIGINT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE procedure_versions (
    slug TEXT NOT NULL REFERENCES procedures (slug),
    version BIGINT NOT NULL,
    -- The definition as published (JSON of app::practices::procedure::ProcedureDefinition).
    definition_json TEXT NOT NULL,
    -- SHA-256 of the definition: the repository's file is published again only when it changes.
    definition_digest TEXT NOT NULL,
    -- 'repository' (content/procedures at start) or 'administrator' (server publish-procedure).
    source TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (slug, version)
);
