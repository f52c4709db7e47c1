-- The read model's feed: one row for each write that can change a decision
-- (a customer's contact data or preferences, an attempt, a national list
-- swap, a policy version), written in the same transaction as the write.
-- Every app server follows it to keep its in-memory copy current; rows are
-- needed for seconds and deleted after a day. `customer_id` is empty for
-- writes about everyone (the list, the policy).
--
-- Sequence numbers are not committed in order here (attempts do not take
-- turns), so readers remember the gaps they pass and look again.
CREATE TABLE model_feed (
    seq         BIGSERIAL PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('customer', 'attempt', 'national_list', 'policy')),
    customer_id TEXT    NOT NULL,
    at          BIGINT  NOT NULL
);
CREATE INDEX model_feed_at ON model_feed (at);

-- Wakes followers at commit, so that they need not wait for their next
-- poll. A notification may be lost (a follower reconnecting); polling
-- finds the row anyway.
CREATE FUNCTION model_feed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('reachguard_model_feed', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER model_feed_notify AFTER INSERT ON model_feed
    FOR EACH STATEMENT EXECUTE FUNCTION model_feed_notify();
