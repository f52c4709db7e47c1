-- The dashboard's decisions per day and reasons for denials, counted as
-- decisions are kept (contract section 10) rather than over every kept row
-- on each visit: how many decisions each quarter of an hour (every zone's
-- midnight falls on one) with each outcome and set of reasons. Written in
-- the transaction that keeps the decisions and taken down with them by
-- retention, so they always equal a count of the rows.
CREATE TABLE decision_totals (
    quarter   BIGINT NOT NULL,
    allowed   BOOLEAN NOT NULL,
    reasons   BIGINT NOT NULL,
    decisions BIGINT NOT NULL,
    PRIMARY KEY (quarter, allowed, reasons)
);
INSERT INTO decision_totals (quarter, allowed, reasons, decisions)
SELECT decided_at / 900, allowed, reasons, COUNT(*) FROM decisions
GROUP BY decided_at / 900, allowed, reasons;

-- Contacts made against policy, by system: the few attempts that were not
-- allowed, found without reading every attempt of the range.
CREATE INDEX contact_attempts_against_policy ON contact_attempts (at) WHERE NOT allowed;

-- Customers who opted out of each marketing topic: how many documents list
-- the topic, and how many of those with no channel, kept by every write of
-- a document (in its transaction) rather than read out of every customer's
-- document on each visit. A topic a document does not list has its
-- default, which the dashboard applies.
CREATE TABLE topic_opt_outs (
    purpose   TEXT PRIMARY KEY,
    listed    BIGINT NOT NULL,
    opted_out BIGINT NOT NULL
);
INSERT INTO topic_opt_outs (purpose, listed, opted_out)
SELECT p.key, COUNT(*), SUM(CASE WHEN jsonb_array_length(p.value -> 'channels') = 0 THEN 1 ELSE 0 END)
FROM customers c, jsonb_each(c.preferences::jsonb -> 'purposes') p
WHERE p.key LIKE 'marketing.%' AND jsonb_array_length(p.value -> 'channels') IS NOT NULL
GROUP BY p.key;
