-- Kept decisions in a compact form (contract section 10): the id's 16
-- bytes, the asking client by number, the reasons' codes as bits (for
-- counting without reading the rest), and the question and answer as
-- values, not sentences (`kept`: the domain's KeptDecisionForm; its words
-- are made again when it is read). A decision kept before this migration
-- keeps its sentences: its `kept` is {"request": …, "answer": …}.
CREATE TABLE decision_clients (
    client_no INTEGER PRIMARY KEY,
    name      TEXT    NOT NULL UNIQUE
);
INSERT INTO decision_clients (name) SELECT DISTINCT client FROM decisions ORDER BY client;

CREATE TABLE kept_decisions (
    decision_id BLOB    PRIMARY KEY,
    decided_at  INTEGER NOT NULL,
    client_no   INTEGER NOT NULL,
    customer_id TEXT,
    allowed     BOOLEAN NOT NULL,
    reasons     INTEGER NOT NULL,
    kept        TEXT    NOT NULL
);
INSERT INTO kept_decisions
SELECT unhex(replace(d.decision_id, '-', '')), d.decided_at, c.client_no, d.customer_id, d.allowed,
       (SELECT COALESCE(SUM(DISTINCT CASE json_extract(r.value, '$.code')
            WHEN 'unknown_customer' THEN 1 WHEN 'channel_unavailable' THEN 2
            WHEN 'do_not_call' THEN 4 WHEN 'opted_out' THEN 8
            WHEN 'channel_declined' THEN 16 WHEN 'national_dnc' THEN 32
            WHEN 'snoozed' THEN 64 WHEN 'outside_legal_hours' THEN 128
            WHEN 'outside_contact_window' THEN 256 WHEN 'frequency_cap' THEN 512
            WHEN 'policy_cap' THEN 1024 WHEN 'protected_customer' THEN 2048 ELSE 0 END), 0)
        FROM json_each(d.answer, '$.reasons') r),
       json_object('request', json(d.request), 'answer', json(d.answer))
FROM decisions d JOIN decision_clients c ON c.name = d.client;

DROP TABLE decisions;
ALTER TABLE kept_decisions RENAME TO decisions;
CREATE INDEX decisions_customer ON decisions (customer_id, decided_at);
CREATE INDEX decisions_decided_at ON decisions (decided_at);
