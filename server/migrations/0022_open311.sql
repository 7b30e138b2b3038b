-- Open311 GeoReport v2: the categories' extra questions (Open311's service
-- attributes), a report's answers to them, the clients an administrator
-- issued a key to, and what a report filed through the API keeps (the
-- client, the token it may ask the number with, the link to its media).
CREATE TABLE report_category_questions (
    category_code TEXT NOT NULL REFERENCES report_categories (code),
    code TEXT NOT NULL,
    position BIGINT NOT NULL,
    -- 'string', 'number' or 'singlevaluelist' (Open311's datatypes).
    datatype TEXT NOT NULL,
    required BIGINT NOT NULL DEFAULT 0,
    question_it TEXT NOT NULL,
    question_en TEXT NOT NULL,
    PRIMARY KEY (category_code, code)
);

CREATE TABLE report_category_question_values (
    category_code TEXT NOT NULL,
    question_code TEXT NOT NULL,
    key TEXT NOT NULL,
    position BIGINT NOT NULL,
    name_it TEXT NOT NULL,
    name_en TEXT NOT NULL,
    PRIMARY KEY (category_code, question_code, key)
);

INSERT INTO report_category_questions (category_code, code, position, datatype, required, question_it, question_en) VALUES
('animali', 'animale', 1, 'singlevaluelist', 0, 'Di che animale si tratta?', 'What kind of animal is it?'),
('animali', 'ferito', 2, 'singlevaluelist', 0, 'L''animale è ferito?', 'Is the animal injured?'),
('strade', 'pericolo', 1, 'singlevaluelist', 0, 'È un pericolo immediato per chi passa?', 'Is it an immediate danger to passers-by?'),
('strade', 'larghezza-cm', 2, 'number', 0, 'Larghezza approssimativa della buca, in centimetri', 'Approximate width of the pothole, in centimetres');

INSERT INTO report_category_question_values (category_code, question_code, key, position, name_it, name_en) VALUES
('animali', 'animale', 'cane', 1, 'Cane', 'Dog'),
('animali', 'animale', 'gatto', 2, 'Gatto', 'Cat'),
('animali', 'animale', 'uccello', 3, 'Uccello', 'Bird'),
('animali', 'animale', 'insetti', 4, 'Nido di insetti', 'Insect nest'),
('animali', 'animale', 'altro', 5, 'Altro', 'Other'),
('animali', 'ferito', 'si', 1, 'Sì', 'Yes'),
('animali', 'ferito', 'no', 2, 'No', 'No'),
('strade', 'pericolo', 'si', 1, 'Sì', 'Yes'),
('strade', 'pericolo', 'no', 2, 'No', 'No');

CREATE TABLE report_answers (
    report_number TEXT NOT NULL REFERENCES reports (number),
    question_code TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (report_number, question_code)
);

-- A client's key is shown once to the administrator who issues it; only
-- its SHA-256 is kept.
CREATE TABLE open311_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at BIGINT
);

ALTER TABLE reports ADD COLUMN open311_client_id TEXT;
ALTER TABLE reports ADD COLUMN open311_token TEXT;
-- A link the client sent with the report: the office sees it, the public never.
ALTER TABLE reports ADD COLUMN media_url TEXT;
CREATE UNIQUE INDEX reports_by_open311_token ON reports (open311_token);
-- The public list and Open311 filter by state alone too.
CREATE INDEX reports_by_status ON reports (status, created_at);
