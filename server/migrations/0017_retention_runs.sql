-- Each run of the retention job (retention.rs): when, and how many rows of
-- each kind it erased because they were past their retention.
CREATE TABLE retention_runs (
    id TEXT PRIMARY KEY,
    ran_at BIGINT NOT NULL,
    unfiled_drafts BIGINT NOT NULL,
    file_contents BIGINT NOT NULL,
    sessions BIGINT NOT NULL,
    throttle_rows BIGINT NOT NULL,
    one_time_codes BIGINT NOT NULL,
    spid_requests BIGINT NOT NULL
);
CREATE INDEX retention_runs_by_time ON retention_runs (ran_at);
