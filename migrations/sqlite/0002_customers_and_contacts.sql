-- Customers, their preferences and every change to them, contact attempts,
-- kept decisions, the national do-not-call list, API clients, staff and
-- activation codes. Instants are unix seconds (UTC), as in 0001.

CREATE TABLE customers (
    customer_id TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    email       TEXT,
    -- The preference document (contract section 2) as JSON. It is read and
    -- written whole, with `version` for optimistic concurrency (ETag).
    preferences TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- A customer's phones in the order given; `position` 0 is the first phone,
-- the one checked against the national list. A number belongs to one
-- customer, so that a decision asked by phone names one customer.
CREATE TABLE customer_phones (
    customer_id TEXT    NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    phone       TEXT    NOT NULL UNIQUE,
    PRIMARY KEY (customer_id, position)
);

-- The consent ledger: every change to a customer's preferences, in order.
-- `seq` is the position in the change feed (`GET /api/v1/changes`).
CREATE TABLE consent_ledger (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT    NOT NULL REFERENCES customers (customer_id),
    version     INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    source      TEXT    NOT NULL CHECK (source IN ('web', 'phone', 'branch', 'ivr', 'sms_keyword', 'api')),
    changed_at  INTEGER NOT NULL,
    before      TEXT,
    after       TEXT    NOT NULL
);
CREATE INDEX consent_ledger_customer ON consent_ledger (customer_id, seq);

-- What bank systems did. Caps count these, all systems together.
CREATE TABLE contact_attempts (
    attempt_id     TEXT    PRIMARY KEY,
    customer_id    TEXT    NOT NULL REFERENCES customers (customer_id),
    at             INTEGER NOT NULL,
    channel        TEXT    NOT NULL,
    purpose        TEXT    NOT NULL,
    outcome        TEXT    NOT NULL,
    system         TEXT,
    decision_id    TEXT,
    -- False when the attempt was not allowed at its instant: made against policy.
    allowed        BOOLEAN NOT NULL,
    recorded_at    INTEGER NOT NULL,
    recorded_by    TEXT    NOT NULL
);
-- The caps look up one customer's attempts over a span of time.
CREATE INDEX contact_attempts_customer_at ON contact_attempts (customer_id, at);

-- Every decision, as asked and as answered, for auditors.
CREATE TABLE decisions (
    decision_id TEXT    PRIMARY KEY,
    decided_at  INTEGER NOT NULL,
    client      TEXT    NOT NULL,
    customer_id TEXT,
    allowed     BOOLEAN NOT NULL,
    request     TEXT    NOT NULL,
    answer      TEXT    NOT NULL
);
CREATE INDEX decisions_customer ON decisions (customer_id, decided_at);

-- The national do-not-call list, replaced whole by each upload.
CREATE TABLE national_dnc (
    phone TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE national_dnc_uploads (
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT    NOT NULL,
    numbers     INTEGER NOT NULL
);

-- Bank systems' API keys: only a SHA-256 of the key is kept. Keys are long
-- and random, so a fast hash is enough, and it is checked on every request.
CREATE TABLE api_clients (
    client_id  TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    key_hash   TEXT    NOT NULL,
    scopes     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE staff (
    username      TEXT    PRIMARY KEY,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'auditor')),
    -- argon2id, PHC string format.
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

-- One-time codes with which a borrower creates a login. Only a hash is kept;
-- a new code replaces the customer's previous one.
CREATE TABLE activation_codes (
    customer_id TEXT    PRIMARY KEY REFERENCES customers (customer_id),
    code_hash   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
