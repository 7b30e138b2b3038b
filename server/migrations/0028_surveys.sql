-- Satisfaction surveys (charter 3): the content's surveys (`definition`,
-- kept as it was once a response exists) and their state, which only an
-- administrator changes. A response is anonymous: a random id, the day,
-- the answers; never an account, an address or a time of day. A form's
-- signed token is spent with its response (`survey_spent_tokens`), so a
-- form counts once.
CREATE TABLE surveys (
    slug TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    -- 'bozza', 'aperto', 'chiuso'.
    state TEXT NOT NULL,
    opened_at BIGINT,
    closed_at BIGINT,
    changed_by TEXT
);

CREATE TABLE survey_responses (
    id TEXT PRIMARY KEY,
    survey TEXT NOT NULL,
    answered_on TEXT NOT NULL
);
CREATE INDEX survey_responses_by_survey ON survey_responses (survey);

CREATE TABLE survey_answers (
    response_id TEXT NOT NULL,
    survey TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX survey_answers_by_survey ON survey_answers (survey);

CREATE TABLE survey_spent_tokens (
    nonce TEXT PRIMARY KEY,
    survey TEXT NOT NULL,
    spent_on TEXT NOT NULL
);

-- Keys the servers sign with, made once and shared through the database.
CREATE TABLE signing_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);
