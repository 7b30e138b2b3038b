-- The counter log of CNS/CRS PINs handed over at the Citizens' Desk, which
-- the charter's "in real time" standard is measured from. Nothing about the
-- person is kept: the card, whether on the spot, and if not why.
CREATE TABLE pin_handovers (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    -- 'cns' or 'crs'.
    card TEXT NOT NULL,
    on_the_spot BIGINT NOT NULL,
    reason TEXT,
    noted_by TEXT NOT NULL
);
CREATE INDEX pin_handovers_by_time ON pin_handovers (at);
