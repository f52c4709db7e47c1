-- Kept decisions in a compact form (contract section 10): the id as a
-- uuid, the asking client by number, the reasons' codes as bits (for
-- counting without reading the rest), and the question and answer as
-- values, not sentences (`kept`: the domain's KeptDecisionForm; its words
-- are made again when it is read). A decision kept before this migration
-- keeps its sentences: its `kept` is {"request": …, "answer": …}.
CREATE TABLE decision_clients (
    client_no BIGSERIAL PRIMARY KEY,
    name      TEXT      NOT NULL UNIQUE
);
INSERT INTO decision_clients (name) SELECT DISTINCT client FROM decisions ORDER BY client;

CREATE TABLE kept_decisions (
    decision_id UUID    PRIMARY KEY,
    decided_at  BIGINT  NOT NULL,
    client_no   BIGINT  NOT NULL,
    customer_id TEXT,
    allowed     BOOLEAN NOT NULL,
    reasons     BIGINT  NOT NULL,
    kept        TEXT    NOT NULL
);
INSERT INTO kept_decisions
SELECT d.decision_id::uuid, d.decided_at, c.client_no, d.customer_id, d.allowed,
       (SELECT COALESCE(SUM(DISTINCT CASE r ->> 'code'
            WHEN 'unknown_customer' THEN 1 WHEN 'channel_unavailable' THEN 2
            WHEN 'do_not_call' THEN 4 WHEN 'opted_out' THEN 8
            WHEN 'channel_declined' THEN 16 WHEN 'national_dnc' THEN 32
            WHEN 'snoozed' THEN 64 WHEN 'outside_legal_hours' THEN 128
            WHEN 'outside_contact_window' THEN 256 WHEN 'frequency_cap' THEN 512
            WHEN 'policy_cap' THEN 1024 WHEN 'protected_customer' THEN 2048 ELSE 0 END), 0)
        FROM jsonb_array_elements(d.answer::jsonb -> 'reasons') r),
       json_build_object('request', d.request::json, 'answer', d.answer::json)::text
FROM decisions d JOIN decision_clients c ON c.name = d.client;

DROP TABLE decisions;
ALTER TABLE kept_decisions RENAME TO decisions;
ALTER INDEX kept_decisions_pkey RENAME TO decisions_pkey;
CREATE INDEX decisions_customer ON decisions (customer_id, decided_at);
CREATE INDEX decisions_decided_at ON decisions (decided_at);
