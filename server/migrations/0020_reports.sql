-- Citizen reports (segnalazioni): categories as data (each with the office
-- that answers it), the reports with their public history, who follows
-- which, and the yearly sequence of their public numbers.
CREATE TABLE report_categories (
    code TEXT PRIMARY KEY,
    name_it TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_it TEXT NOT NULL,
    description_en TEXT NOT NULL,
    office_code TEXT NOT NULL,
    position BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1
);

INSERT INTO report_categories (code, name_it, name_en, description_it, description_en, office_code, position, active) VALUES
('strade', 'Strade', 'Roads', 'Buche, avvallamenti, tombini, asfalto rovinato.', 'Potholes, subsidence, manholes, damaged asphalt.', 'lavori-pubblici', 1, 1),
('marciapiedi', 'Marciapiedi', 'Pavements', 'Marciapiedi rotti, barriere architettoniche, scivoli.', 'Broken pavements, architectural barriers, kerb ramps.', 'lavori-pubblici', 2, 1),
('verde-pubblico', 'Verde pubblico', 'Public green', 'Alberi, aiuole, parchi e giochi dei bambini.', 'Trees, flower beds, parks and playgrounds.', 'ambiente', 3, 1),
('degrado', 'Degrado urbano', 'Urban decay', 'Rifiuti abbandonati, graffiti, arredi urbani danneggiati.', 'Dumped waste, graffiti, damaged street furniture.', 'ambiente', 4, 1),
('segnaletica', 'Segnaletica', 'Road signs', 'Cartelli, semafori, strisce pedonali.', 'Signs, traffic lights, pedestrian crossings.', 'polizia-locale', 5, 1),
('servizi-pubblici', 'Servizi pubblici', 'Public services', 'Illuminazione pubblica, fontanelle, raccolta dei rifiuti.', 'Street lighting, drinking fountains, waste collection.', 'lavori-pubblici', 6, 1),
('edifici-pubblici', 'Edifici pubblici', 'Public buildings', 'Scuole, uffici e impianti sportivi del Comune.', 'The Comune''s schools, offices and sports facilities.', 'lavori-pubblici', 7, 1),
('animali', 'Animali', 'Animals', 'Animali feriti, randagi o in difficoltà, nidi di insetti.', 'Injured, stray or distressed animals, insect nests.', 'ambiente', 8, 1);

CREATE TABLE report_counters (
    year BIGINT PRIMARY KEY,
    last_sequence BIGINT NOT NULL
);

CREATE TABLE reports (
    number TEXT PRIMARY KEY,
    year BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    category_code TEXT NOT NULL REFERENCES report_categories (code),
    -- The author; NULL for a person without an account whose report a clerk registered.
    account_id TEXT REFERENCES accounts (id),
    -- Who reported and how to reach them, when a clerk registered it: never public.
    reporter_name TEXT,
    reporter_contact TEXT,
    -- 'portale', 'telefono', 'email', 'sportello', 'open311'.
    channel TEXT NOT NULL,
    registered_by TEXT,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Millionths of a degree (WGS 84).
    latitude_e6 BIGINT,
    longitude_e6 BIGINT,
    street TEXT,
    house_number TEXT,
    landmark TEXT,
    status TEXT NOT NULL,
    public_reply TEXT,
    duplicate_of TEXT REFERENCES reports (number),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    resolved_at BIGINT
);
CREATE UNIQUE INDEX reports_by_year_sequence ON reports (year, sequence);
CREATE INDEX reports_by_created ON reports (created_at);
CREATE INDEX reports_by_category_status ON reports (category_code, status, created_at);
CREATE INDEX reports_by_account ON reports (account_id);
CREATE INDEX reports_by_place ON reports (latitude_e6, longitude_e6);

CREATE TABLE report_events (
    report_number TEXT NOT NULL REFERENCES reports (number),
    sequence BIGINT NOT NULL,
    at BIGINT NOT NULL,
    status TEXT NOT NULL,
    -- 'ufficio' or 'autore'.
    actor TEXT NOT NULL,
    actor_account_id TEXT,
    -- Public: the reply or the reason shown in the report's history.
    note TEXT,
    PRIMARY KEY (report_number, sequence)
);

CREATE TABLE report_followers (
    report_number TEXT NOT NULL REFERENCES reports (number),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    since BIGINT NOT NULL,
    PRIMARY KEY (report_number, account_id)
);
CREATE INDEX report_followers_by_account ON report_followers (account_id);
