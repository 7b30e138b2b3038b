-- pagoPA debt positions (posizioni debitorie): what someone owes the
-- municipality, each payable with one notice number (auxiliary digit 3).
-- Amounts are integer cents, instants Unix seconds, dates ISO text.

-- The last IUV base issued per segregation code: taken with a row lock in
-- the transaction that opens the position, so two never share a number.
CREATE TABLE iuv_counters (
    segregation_code BIGINT PRIMARY KEY,
    last_base BIGINT NOT NULL
);

CREATE TABLE debt_positions (
    id TEXT PRIMARY KEY,
    -- What the debt is, once: a double click, a back button or a second tab
    -- finds the same position instead of opening another.
    debt_kind TEXT NOT NULL,
    debt_reference TEXT NOT NULL,
    notice_number TEXT NOT NULL UNIQUE,
    iuv TEXT NOT NULL UNIQUE,
    account_id TEXT REFERENCES accounts (id),
    payer_fiscal_code TEXT NOT NULL,
    payer_name TEXT NOT NULL,
    description TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    due_on TEXT,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (debt_kind, debt_reference)
);

CREATE INDEX debt_positions_by_account ON debt_positions (account_id, created_at);
