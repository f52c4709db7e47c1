-- The borrower's word from every channel (contract sections 8 and 9): SMS
-- messages customers sent to the bank, and links that open a customer's
-- preferences, or unsubscribe them from one thing, without a password.

-- Every message the SMS gateway forwarded, with what Reachguard made of it.
-- A message is known by the API client that forwarded it and the gateway's
-- id, so a retry gets the first answer. The ones that were no keyword, and
-- those from unknown numbers, wait for an agent until marked handled.
CREATE TABLE inbound_messages (
    client       TEXT    NOT NULL,
    message_id   TEXT    NOT NULL,
    received_at  BIGINT  NOT NULL,
    recorded_at  BIGINT  NOT NULL,
    from_phone   TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    -- Null when no customer has the number.
    customer_id  TEXT    REFERENCES customers (customer_id),
    action       TEXT    NOT NULL CHECK (action IN ('opted_out', 'no_change', 'not_a_keyword', 'unknown_number')),
    -- The purposes the message changed, as a JSON array of names.
    purposes     TEXT    NOT NULL,
    reply        TEXT,
    handled_at   BIGINT,
    handled_by   TEXT,
    handled_note TEXT,
    PRIMARY KEY (client, message_id)
);
-- The staff page lists the messages waiting for an agent, newest first;
-- retention deletes the oldest.
CREATE INDEX inbound_messages_recorded ON inbound_messages (recorded_at);

-- A link's token is shown once, in the message it goes out in; only its
-- SHA-256 is kept. An unsubscribe link names one marketing purpose and one
-- channel; a preferences link names neither.
CREATE TABLE preference_links (
    token_hash  TEXT    PRIMARY KEY,
    customer_id TEXT    NOT NULL REFERENCES customers (customer_id),
    purpose     TEXT,
    channel     TEXT,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    -- The API client that asked for it.
    created_by  TEXT    NOT NULL
);
CREATE INDEX preference_links_expires ON preference_links (expires_at);

-- How a change reached the bank beyond its source: `link:<id>` (a
-- preferences link), `one_click:<id>` (an unsubscribe link), the id being
-- the start of the link's token hash, or `sms:<the keyword as read>`.
ALTER TABLE consent_ledger ADD COLUMN via TEXT;
-- Whether the change took a channel away from a marketing purpose: the
-- dashboard counts opt-outs by source from this (rows written before this
-- migration count as none).
ALTER TABLE consent_ledger ADD COLUMN opt_out BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX consent_ledger_opt_outs ON consent_ledger (changed_at) WHERE opt_out;
