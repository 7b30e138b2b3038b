-- The municipal registry (anagrafe) that certificates are issued from:
-- addresses, family units, people, civil status acts and registry
-- procedures in progress. Ids are integers given by the loader.
CREATE TABLE registry_addresses (
    id BIGINT PRIMARY KEY,
    street TEXT NOT NULL,
    house_number TEXT NOT NULL,
    hamlet TEXT NOT NULL
);

CREATE TABLE registry_families (
    id BIGINT PRIMARY KEY,
    address_id BIGINT NOT NULL REFERENCES registry_addresses (id)
);

CREATE TABLE registry_people (
    id BIGINT PRIMARY KEY,
    fiscal_code TEXT NOT NULL UNIQUE,
    family_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    female BIGINT NOT NULL,
    birth_date TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    citizenship TEXT NOT NULL,
    civil_status TEXT NOT NULL,
    political_rights BIGINT NOT NULL,
    life_status TEXT NOT NULL,
    -- When the person died or left Rho (ISO date), for those who did.
    life_status_on TEXT,
    under_guardianship BIGINT NOT NULL,
    family_id BIGINT NOT NULL REFERENCES registry_families (id),
    relationship TEXT NOT NULL
);
CREATE INDEX registry_people_by_family ON registry_people (family_id);

CREATE TABLE registry_acts (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES registry_people (id),
    kind TEXT NOT NULL,
    act_year BIGINT NOT NULL,
    part TEXT NOT NULL,
    series TEXT NOT NULL,
    act_number BIGINT NOT NULL,
    act_date TEXT NOT NULL
);
CREATE INDEX registry_acts_by_person ON registry_acts (person_id);

CREATE TABLE registry_procedures (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES registry_people (id),
    kind TEXT NOT NULL,
    started_on TEXT NOT NULL
);
CREATE INDEX registry_procedures_by_person ON registry_procedures (person_id);
