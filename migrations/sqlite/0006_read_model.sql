-- The read model's feed: one row for each write that can change a decision
-- (a customer's contact data or preferences, an attempt, a national list
-- swap, a policy version), written in the same transaction as the write.
-- Every app server follows it to keep its in-memory copy current; rows are
-- needed for seconds and deleted after a day. `customer_id` is empty for
-- writes about everyone (the list, the policy).
CREATE TABLE model_feed (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('customer', 'attempt', 'national_list', 'policy')),
    customer_id TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX model_feed_at ON model_feed (at);
