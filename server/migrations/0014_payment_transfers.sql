-- Where a position's money goes, when it is not all to the Comune's
-- treasury account: up to five transfers (pagoPA's transferList), each to a
-- public body's IBAN or as the digital stamp duty bound to a document.
-- A position without rows here is one transfer of its whole amount to the
-- treasury account (every position opened before this table, and most since).
CREATE TABLE debt_position_transfers (
    position_id TEXT NOT NULL REFERENCES debt_positions (id),
    -- idTransfer: 1 to 5, in the order pagoPA is told.
    transfer_number BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    beneficiary_fiscal_code TEXT NOT NULL,
    -- Exactly one of the IBAN and the stamp's document digest is set.
    iban TEXT,
    -- Base64 SHA-256 of the document the stamp duty is for, and the payer's province.
    stamp_document_sha256 TEXT,
    stamp_province TEXT,
    remittance TEXT NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (position_id, transfer_number)
);

-- The digital stamps (marche da bollo digitali) the payment providers
-- issued with the receipts: kept with the document they are bound to.
CREATE TABLE payment_stamps (
    position_id TEXT NOT NULL REFERENCES debt_positions (id),
    transfer_number BIGINT NOT NULL,
    document_sha256 TEXT NOT NULL,
    -- IUBD: the stamp's identifier given by the Agenzia delle Entrate's system.
    stamp_identifier TEXT NOT NULL,
    -- The marcaDaBollo XML as the provider signed it.
    stamp_xml TEXT NOT NULL,
    PRIMARY KEY (position_id, transfer_number)
);
