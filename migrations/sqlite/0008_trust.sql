-- Trust under attack (issue 17).

-- Every sign-in, password check and activation try, counted before its
-- password or code is checked, so that a burst of tries in parallel cannot
-- all be judged before the lock. One lock for borrowers, staff and
-- activation codes (`kind`), keyed by what was typed (`login`: a customer
-- number, a username), known or not: an unknown login is locked just as a
-- real one is, so the answer never tells which exist. (The per-table
-- counters of 0003 and 0004 are no longer used.)
CREATE TABLE signin_tries (
    kind           TEXT    NOT NULL CHECK (kind IN ('borrower', 'staff', 'activation')),
    login          TEXT    NOT NULL,
    failures       INTEGER NOT NULL,
    last_failed_at INTEGER,
    locked_until   INTEGER,
    PRIMARY KEY (kind, login)
);
-- Retention forgets old rows.
CREATE INDEX signin_tries_last_failed ON signin_tries (last_failed_at);

-- Staff set their own password: an account an admin made, or whose
-- password an admin reset, must choose a new one at its first sign-in.
ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
-- Setting up a second factor takes a one-time code an admin handed over,
-- not only the password (kept as a hash, valid for a week).
ALTER TABLE staff ADD COLUMN setup_code_hash TEXT;
ALTER TABLE staff ADD COLUMN setup_code_expires_at INTEGER;
