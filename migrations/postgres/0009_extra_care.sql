-- Extra care (contract section 7): a borrower in hardship, illness or
-- bereavement is contacted less. One row a customer: a new one replaces
-- it (keeping `since` while it holds), and ending it sets `until` to
-- the moment it ended, so that a decision asked about an earlier instant
-- still sees it.
CREATE TABLE customer_care (
    customer_id TEXT    PRIMARY KEY REFERENCES customers (customer_id),
    reason      TEXT    NOT NULL CHECK (reason IN ('financial_hardship', 'illness', 'bereavement', 'other')),
    since       BIGINT  NOT NULL,
    until       BIGINT  NOT NULL,
    note        TEXT,
    set_by      TEXT    NOT NULL,
    set_at      BIGINT  NOT NULL
);

-- Each change, for the customer's history (the audit log has them too).
CREATE TABLE care_changes (
    seq         BIGSERIAL PRIMARY KEY,
    customer_id TEXT    NOT NULL REFERENCES customers (customer_id),
    at          BIGINT  NOT NULL,
    actor       TEXT    NOT NULL,
    ended       BOOLEAN NOT NULL,
    reason      TEXT    NOT NULL,
    since       BIGINT  NOT NULL,
    until       BIGINT  NOT NULL,
    note        TEXT
);
CREATE INDEX care_changes_customer ON care_changes (customer_id, seq);
