-- Reconciliation also closes the notices that can no longer be paid: a
-- fine's notice (the reduced amount) after its due day. Each run says how
-- many it closed.
ALTER TABLE reconciliation_runs ADD COLUMN expired BIGINT NOT NULL DEFAULT 0;
