-- The policy in force and its history. Every change makes a new version, and
-- decisions name the version they were made under (`cn@4`), so a version row
-- is never updated or deleted.
--
-- Instants are stored as unix seconds (UTC) in both databases: the decision
-- rules work to the second, and integer comparisons behave the same in SQLite
-- and PostgreSQL.
CREATE TABLE policy_versions (
    version    BIGINT PRIMARY KEY,
    pack       TEXT   NOT NULL CHECK (pack IN ('cn', 'us')),
    -- The bank's own settings on top of the pack, as JSON; they may only be
    -- stricter than the pack.
    settings   TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    created_by TEXT   NOT NULL
);
