-- The staff portal: second factors and sign-in failures of staff accounts,
-- when each API key was last used, and the audit log's hash chain.
-- Instants are unix seconds (UTC), as in 0001.

-- A TOTP secret (base32) once the member of staff has confirmed it with a
-- code; until then the one shown on the set-up page is pending. The last
-- time step used is kept so that a code is accepted once.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_pending TEXT;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
ALTER TABLE staff ADD COLUMN failed_signins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN last_failed_at INTEGER;
ALTER TABLE staff ADD COLUMN locked_until INTEGER;
-- Bumped when a password or second factor is reset or the account is
-- disabled or changes role: sessions signed in before it end.
ALTER TABLE staff ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- What a member of staff wrote about a change they recorded for a customer
-- (who asked, by phone or in a branch, and what they said).
ALTER TABLE consent_ledger ADD COLUMN note TEXT;

-- Staff find customers by the start of their name; byte order, so that a
-- range over the index finds every name with a prefix in any script.
CREATE INDEX customers_name ON customers (name);

-- The dashboard counts decisions, attempts and complaints by date range.
CREATE INDEX decisions_decided_at ON decisions (decided_at);
CREATE INDEX contact_attempts_at ON contact_attempts (at);
CREATE INDEX complaints_received_at ON complaints (received_at);

-- A bank system's retry of POST /contact-attempts with the same
-- Idempotency-Key records nothing new: the key names the attempt it made
-- and a fingerprint of the request, so that a key reused for another
-- request is refused rather than answered with the wrong attempt.
CREATE TABLE attempt_idempotency (
    client          TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    attempt_id      TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (client, idempotency_key)
);

-- Written at most once a minute per key, not on every request.
ALTER TABLE api_clients ADD COLUMN last_used_at INTEGER;

-- Every staff action and every preference change. Each entry carries the
-- hash of the one before (`prev_hash`) and its own, over its contents and
-- that link; see reachguard_domain::audit. Rows are only ever appended.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    details   TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);

-- The end of the chain, one row: appenders update it first, which makes
-- them take turns on both databases, then chain their entry to it.
CREATE TABLE audit_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (one, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
