-- Complaints and suggestions (charter 3): sent with the portal's form by
-- anyone, or registered by a clerk with the channel and the time they
-- arrived; answered within 30 working days of their arrival (`due_on`). A
-- complaint is judged founded or not with a reason; a founded one gives the
-- citizen until `compensation_until` to choose an item of the inventory,
-- through a mailed link whose code only as its SHA-256 is kept.
CREATE TABLE complaints (
    number TEXT PRIMARY KEY,
    year BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    -- 'reclamo', 'suggerimento'.
    kind TEXT NOT NULL,
    -- 'portale', 'email', 'telefono', 'lettera', 'sportello'.
    channel TEXT NOT NULL,
    account_id TEXT,
    registered_by TEXT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- The slug of the standard it says was missed.
    standard TEXT,
    body TEXT NOT NULL,
    -- The language the answer is mailed in.
    locale TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    -- 'fondato', 'infondato' (a complaint), 'risposto' (a suggestion).
    verdict TEXT,
    reason TEXT,
    answered_at BIGINT,
    answered_by TEXT,
    compensation_until TEXT,
    choice_code_hash TEXT UNIQUE,
    compensation_item TEXT,
    chosen_at BIGINT,
    handed_over_at BIGINT,
    handed_over_by TEXT,
    -- When the citizen was told the right had lapsed.
    lapsed_at BIGINT
);
CREATE INDEX complaints_by_received ON complaints (received_at);

CREATE TABLE complaint_counters (
    year BIGINT PRIMARY KEY,
    last_sequence BIGINT NOT NULL
);

-- The inventory administrators keep: a choice takes one.
CREATE TABLE compensation_items (
    id TEXT PRIMARY KEY,
    -- 'piscina', 'evento', 'pubblicazione'.
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    available BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
