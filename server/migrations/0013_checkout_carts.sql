-- Carts sent to pagoPA Checkout. A position belongs to at most one live
-- cart (cart_id, cart_started_at on the position, claimed conditionally), so
-- a double click, a back button or a second tab is sent back to the same
-- Checkout page instead of opening a second cart for the same debt.

CREATE TABLE checkout_carts (
    id TEXT PRIMARY KEY,
    account_id TEXT REFERENCES accounts (id),
    -- Checkout's page for this cart, once Checkout answered.
    location TEXT,
    created_at BIGINT NOT NULL
);

-- What each cart was made of (the claim on the position ends when the node
-- starts paying; the way back from Checkout still shows the cart's notices).
CREATE TABLE cart_positions (
    cart_id TEXT NOT NULL REFERENCES checkout_carts (id),
    position_id TEXT NOT NULL REFERENCES debt_positions (id),
    PRIMARY KEY (cart_id, position_id)
);

ALTER TABLE debt_positions ADD COLUMN cart_id TEXT;
ALTER TABLE debt_positions ADD COLUMN cart_started_at BIGINT;

-- Each run of the reconciliation job: when, how many positions it looked
-- at, how many it freed.
CREATE TABLE reconciliation_runs (
    id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    examined BIGINT NOT NULL,
    freed BIGINT NOT NULL
);
