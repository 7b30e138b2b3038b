-- One-off corrections of stored data that code runs after the schema
-- migrations (for example, a value a new column needs for rows written
-- before it existed). Each runs once per database: its name is written here.
CREATE TABLE data_fixes (
    name TEXT PRIMARY KEY,
    applied_at BIGINT NOT NULL
);
