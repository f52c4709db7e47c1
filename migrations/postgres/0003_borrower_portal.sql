-- The borrower portal: logins, activation tries, the judgement kept with
-- each attempt, and complaints. Instants are unix seconds (UTC), as in 0001.

-- A borrower's login, made with an activation code. The password is an
-- argon2id PHC string. Failed sign-ins lock the account for a while.
CREATE TABLE customer_logins (
    customer_id         TEXT    PRIMARY KEY REFERENCES customers (customer_id),
    password_hash       TEXT    NOT NULL,
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL,
    failed_signins      BIGINT NOT NULL DEFAULT 0,
    -- Failures a day apart start the count again.
    last_failed_at      BIGINT,
    locked_until        BIGINT
);

-- A code is locked after five wrong tries, and used once.
ALTER TABLE activation_codes ADD COLUMN failed_tries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE activation_codes ADD COLUMN used_at BIGINT;

-- The judgement of an attempt at its own instant, kept with it: the policy
-- version in force then and every reason it was against policy (JSON list
-- of {code, message}). Earlier rows have neither.
ALTER TABLE contact_attempts ADD COLUMN policy TEXT;
ALTER TABLE contact_attempts ADD COLUMN reasons TEXT;

-- A borrower's complaint, about one contact or in general. The bank must
-- answer by `due_at`: 15 days from receipt, extensible once to 30 with a
-- reason the borrower sees.
CREATE TABLE complaints (
    complaint_id    TEXT    PRIMARY KEY,
    customer_id     TEXT    NOT NULL REFERENCES customers (customer_id),
    attempt_id      TEXT    REFERENCES contact_attempts (attempt_id),
    category        TEXT    NOT NULL CHECK (category IN ('too_often', 'wrong_time', 'opted_out', 'other')),
    details         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'in_progress', 'answered', 'closed')),
    received_at     BIGINT NOT NULL,
    due_at          BIGINT NOT NULL,
    extended_reason TEXT,
    assignee        TEXT,
    answer          TEXT,
    answered_at     BIGINT
);
CREATE INDEX complaints_customer ON complaints (customer_id, received_at);
CREATE INDEX complaints_status ON complaints (status, due_at);
