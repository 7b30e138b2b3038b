-- A report's photos (at most three), re-encoded from their pixels so that no
-- metadata of the original (GPS position, camera, time) is ever stored. A
-- photo uploaded with a form that came back (a mistake, or the nearby
-- reports shown first) waits here without a report, for its uploader, until
-- the report is sent; the retention job erases it after a day otherwise.
-- Nobody but the author and the office sees a photo until a clerk publishes it.
CREATE TABLE report_photos (
    id TEXT PRIMARY KEY,
    report_number TEXT REFERENCES reports (number),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    position BIGINT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    jpeg BYTEA NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX report_photos_by_report ON report_photos (report_number, position);
CREATE INDEX report_photos_by_uploader ON report_photos (account_id, report_number);

ALTER TABLE retention_runs ADD COLUMN unfiled_report_photos BIGINT NOT NULL DEFAULT 0;
