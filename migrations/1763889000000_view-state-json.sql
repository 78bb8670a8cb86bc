-- Up Migration

-- The folded state of each aggregate view is stored as `json` (its text, as written) instead of
-- `jsonb`: nothing queries inside it, every reader parses it whole, and for a state of several
-- kilobytes `json` is several times cheaper for PostgreSQL to hand back (no jsonb-to-text
-- rendering) and cheaper to take in (validated, not converted). Projections and rebuilds write
-- the same text for the same state (JSON.stringify of the same fold), so rows stay comparable.
ALTER TABLE organization_view ALTER COLUMN state TYPE json USING state::json;
ALTER TABLE use_case_view ALTER COLUMN state TYPE json USING state::json;
ALTER TABLE policy_profile_view ALTER COLUMN state TYPE json USING state::json;
ALTER TABLE assessment_view ALTER COLUMN state TYPE json USING state::json;
ALTER TABLE agreement_view ALTER COLUMN state TYPE json USING state::json;

-- Down Migration

ALTER TABLE organization_view ALTER COLUMN state TYPE jsonb USING state::jsonb;
ALTER TABLE use_case_view ALTER COLUMN state TYPE jsonb USING state::jsonb;
ALTER TABLE policy_profile_view ALTER COLUMN state TYPE jsonb USING state::jsonb;
ALTER TABLE assessment_view ALTER COLUMN state TYPE jsonb USING state::jsonb;
ALTER TABLE agreement_view ALTER COLUMN state TYPE jsonb USING state::jsonb;
