-- Scheduled maintenance (charter 1.3 and 2.4): windows an administrator
-- schedules, announced on every page beforehand; a cancelled one stays on
-- record (who and when) and no longer counts.
CREATE TABLE maintenance_windows (
    id TEXT PRIMARY KEY,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    -- 1: an administrator confirmed it although it takes its year past 2 days.
    over_budget BIGINT NOT NULL DEFAULT 0,
    scheduled_at BIGINT NOT NULL,
    scheduled_by TEXT NOT NULL,
    cancelled_at BIGINT,
    cancelled_by TEXT
);
CREATE INDEX maintenance_windows_by_start ON maintenance_windows (starts_at);
