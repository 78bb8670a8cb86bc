-- Up Migration

-- Clauses copied into obligations and social support lines are read whole, never inside, like the
-- views' states (1763889000000_view-state-json): `json` takes them in for about a quarter less
-- than `jsonb` (40,000 obligations: 0.66 s against 0.86 s) and hands them back as written.
ALTER TABLE obligation ALTER COLUMN clause TYPE json USING clause::json;
ALTER TABLE social_support_line ALTER COLUMN insurance_clauses TYPE json USING insurance_clauses::json;

-- Payload columns: JSON states and details, hashes and ids that queries return but never filter,
-- join or sort on. ANALYZE sampled and compared them for statistics no plan uses (sorting 30,000
-- sampled jsonb clauses is most of what ANALYZE obligation costs: 0.43 -> 0.19 s on 100,000
-- rows), after every rebuild and whenever autovacuum analyzes. Rebuild copies take these targets
-- from the live tables (LIKE does not carry them).
ALTER TABLE organization_view ALTER COLUMN state SET STATISTICS 0, ALTER COLUMN marks SET STATISTICS 0;
ALTER TABLE use_case_view ALTER COLUMN state SET STATISTICS 0, ALTER COLUMN marks SET STATISTICS 0;
ALTER TABLE policy_profile_view ALTER COLUMN state SET STATISTICS 0, ALTER COLUMN marks SET STATISTICS 0;
ALTER TABLE assessment_view ALTER COLUMN state SET STATISTICS 0, ALTER COLUMN marks SET STATISTICS 0;
ALTER TABLE agreement_view ALTER COLUMN state SET STATISTICS 0, ALTER COLUMN marks SET STATISTICS 0;
ALTER TABLE obligation ALTER COLUMN clause SET STATISTICS 0;
ALTER TABLE social_support_line ALTER COLUMN insurance_clauses SET STATISTICS 0;
ALTER TABLE assessment_inbox_item ALTER COLUMN detail SET STATISTICS 0;
ALTER TABLE agreement_inbox_item ALTER COLUMN detail SET STATISTICS 0;
ALTER TABLE audit_log
  ALTER COLUMN checkpoint SET STATISTICS 0,
  ALTER COLUMN event_id SET STATISTICS 0,
  ALTER COLUMN previous_hash SET STATISTICS 0,
  ALTER COLUMN hash SET STATISTICS 0;

-- Down Migration

ALTER TABLE obligation ALTER COLUMN clause TYPE jsonb USING clause::jsonb;
ALTER TABLE social_support_line ALTER COLUMN insurance_clauses TYPE jsonb USING insurance_clauses::jsonb;
ALTER TABLE organization_view ALTER COLUMN state SET STATISTICS -1, ALTER COLUMN marks SET STATISTICS -1;
ALTER TABLE use_case_view ALTER COLUMN state SET STATISTICS -1, ALTER COLUMN marks SET STATISTICS -1;
ALTER TABLE policy_profile_view ALTER COLUMN state SET STATISTICS -1, ALTER COLUMN marks SET STATISTICS -1;
ALTER TABLE assessment_view ALTER COLUMN state SET STATISTICS -1, ALTER COLUMN marks SET STATISTICS -1;
ALTER TABLE agreement_view ALTER COLUMN state SET STATISTICS -1, ALTER COLUMN marks SET STATISTICS -1;
ALTER TABLE obligation ALTER COLUMN clause SET STATISTICS -1;
ALTER TABLE social_support_line ALTER COLUMN insurance_clauses SET STATISTICS -1;
ALTER TABLE assessment_inbox_item ALTER COLUMN detail SET STATISTICS -1;
ALTER TABLE agreement_inbox_item ALTER COLUMN detail SET STATISTICS -1;
ALTER TABLE audit_log
  ALTER COLUMN checkpoint SET STATISTICS -1,
  ALTER COLUMN event_id SET STATISTICS -1,
  ALTER COLUMN previous_hash SET STATISTICS -1,
  ALTER COLUMN hash SET STATISTICS -1;
