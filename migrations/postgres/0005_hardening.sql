-- The API client that sent a preference change made through the API, beside
-- the actor the change names (staff:wang, customer).
ALTER TABLE consent_ledger ADD COLUMN api_client TEXT;

-- Retention deletes idempotency keys by age (they are needed for minutes,
-- kept for 30 days); complaints are looked up by attempt when retention
-- keeps the attempts they are about.
CREATE INDEX attempt_idempotency_created ON attempt_idempotency (created_at);
CREATE INDEX complaints_attempt ON complaints (attempt_id);
