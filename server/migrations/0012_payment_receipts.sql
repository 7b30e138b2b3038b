-- pagoPA's answers about payments: when a payment started (paGetPayment),
-- the receipt that closed it (paSendRT), and the receipts refused.

ALTER TABLE debt_positions ADD COLUMN payment_started_at BIGINT;
ALTER TABLE debt_positions ADD COLUMN paid_at BIGINT;
CREATE INDEX debt_positions_by_status ON debt_positions (status, payment_started_at);

-- One receipt per position: the key is the position, so a paid position can
-- never be paid a second time, however the receipts arrive.
CREATE TABLE payment_receipts (
    position_id TEXT PRIMARY KEY REFERENCES debt_positions (id),
    receipt_id TEXT NOT NULL,
    notice_number TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    fee_cents BIGINT,
    psp_id TEXT NOT NULL,
    psp_name TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    payment_method TEXT,
    -- paymentDateTime as the payment provider gave it.
    paid_at_text TEXT,
    received_at BIGINT NOT NULL,
    interface_version TEXT NOT NULL,
    -- The SOAP message as received: the evidence of the payment.
    message TEXT NOT NULL
);

-- Receipts refused (unknown notice, wrong amount, a second payment of a
-- paid position): the treasury office follows them up (refunds). A receipt
-- delivered again with the same verdict is kept once.
CREATE TABLE refused_receipts (
    id TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    notice_number TEXT NOT NULL,
    receipt_id TEXT NOT NULL,
    fault_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    UNIQUE (notice_number, receipt_id, fault_code)
);
