-- Portable between SQLite and PostgreSQL (read through sqlx's Any driver):
-- text ids, BIGINT integers, dates as ISO text, booleans as 0/1 BIGINT.
CREATE TABLE guide_topics (
    slug TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    name_it TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_it TEXT NOT NULL,
    description_en TEXT NOT NULL
);

CREATE TABLE guide_service_sheets (
    slug TEXT PRIMARY KEY,
    title_it TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_it TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    body_json TEXT NOT NULL,
    updated_on TEXT NOT NULL,
    active BIGINT NOT NULL
);

CREATE TABLE guide_service_sheet_topics (
    sheet_slug TEXT NOT NULL REFERENCES guide_service_sheets (slug) ON DELETE CASCADE,
    topic_slug TEXT NOT NULL REFERENCES guide_topics (slug) ON DELETE CASCADE,
    PRIMARY KEY (sheet_slug, topic_slug)
);

CREATE TABLE guide_editorial_pages (
    slug TEXT PRIMARY KEY,
    body_json TEXT NOT NULL,
    updated_on TEXT NOT NULL
);

-- Anonymous: no user, no address, no session is stored with a rating.
CREATE TABLE guide_page_feedback (
    id TEXT PRIMARY KEY,
    sheet_slug TEXT NOT NULL,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    reason TEXT,
    comment TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX guide_page_feedback_by_sheet ON guide_page_feedback (sheet_slug);
