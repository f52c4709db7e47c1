-- A policy what-if tried before a version was published is kept with it
-- (contract section 10): JSON of the days replayed, when, and what it found.
-- NULL when the version was published without one.
ALTER TABLE policy_versions ADD COLUMN what_if TEXT;
