-- Information requests (charter 3): sent with the portal's form by anyone,
-- or registered by a clerk with the channel and the time they arrived;
-- answered within 3 working days of their arrival (`due_on`).
CREATE TABLE information_requests (
    number TEXT PRIMARY KEY,
    year BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    -- 'portale', 'email', 'telefono', 'lettera', 'sportello'.
    channel TEXT NOT NULL,
    -- The signed-in sender's account (the answer shows in the personal area).
    account_id TEXT,
    registered_by TEXT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- A service sheet's slug, or 'altro'.
    topic TEXT NOT NULL,
    question TEXT NOT NULL,
    -- The language the answer is mailed in: the form's, Italian for a registered one.
    locale TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    answer TEXT,
    answered_at BIGINT,
    answered_by TEXT
);
CREATE INDEX information_requests_by_account ON information_requests (account_id);
CREATE INDEX information_requests_by_received ON information_requests (received_at);

CREATE TABLE information_request_counters (
    year BIGINT PRIMARY KEY,
    last_sequence BIGINT NOT NULL
);
