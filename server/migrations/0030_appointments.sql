-- Appointments at the counter (issue 21). Each office's calendar as data:
-- written from content/appointments.toml when an office has none yet, then
-- changed by administrators. An appointment takes 5-minute ticks of one
-- counter (`appointment_ticks`): its primary key is what makes two people
-- never get the same counter at the same time, on SQLite and PostgreSQL.
CREATE TABLE appointment_offices (
    office TEXT PRIMARY KEY,
    counters BIGINT NOT NULL,
    slot_minutes BIGINT NOT NULL,
    notice_minutes BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT
);

CREATE TABLE appointment_hours (
    office TEXT NOT NULL,
    -- 1 = Monday … 7 = Sunday.
    weekday BIGINT NOT NULL,
    -- 'HH:MM'.
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    PRIMARY KEY (office, weekday, opens)
);

CREATE TABLE appointment_closures (
    office TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (office, day)
);

-- A service's own length at an office (a service sheet's slug).
CREATE TABLE appointment_services (
    office TEXT NOT NULL,
    service TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    PRIMARY KEY (office, service)
);

CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    -- SHA-256 of the key the flow's and the mail's links carry.
    key_hash TEXT NOT NULL UNIQUE,
    office TEXT NOT NULL,
    service TEXT NOT NULL,
    day TEXT NOT NULL,
    -- 'HH:MM'.
    starts TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    counter_number BIGINT NOT NULL,
    -- 'held', 'released' (a hold that expired or was let go), 'booked',
    -- 'cancelled', 'arrived', 'served', 'no_show'.
    state TEXT NOT NULL,
    hold_expires_at BIGINT,
    account_id TEXT,
    name TEXT,
    email TEXT,
    phone TEXT,
    details TEXT,
    locale TEXT NOT NULL,
    -- The calendar file's SEQUENCE: up by one at each change of time.
    sequence BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    booked_at BIGINT,
    reminded_at BIGINT
);
CREATE INDEX appointments_by_office_day ON appointments (office, day);
CREATE INDEX appointments_held ON appointments (state, hold_expires_at);

CREATE TABLE appointment_ticks (
    office TEXT NOT NULL,
    day TEXT NOT NULL,
    counter_number BIGINT NOT NULL,
    -- 'HH:MM', every 5 minutes.
    tick TEXT NOT NULL,
    appointment_id TEXT NOT NULL,
    PRIMARY KEY (office, day, counter_number, tick)
);
CREATE INDEX appointment_ticks_by_appointment ON appointment_ticks (appointment_id);
