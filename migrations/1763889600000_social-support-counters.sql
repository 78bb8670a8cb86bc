-- Up Migration

-- projection: agreements. `socialSupportCoverage` counted every social support line in the
-- process (all 40,000 of them sent over for a report that shows nine cells); its figures are now
-- kept by delta like the category matrix's, from the lines themselves:
--   agreement_category_stats  metrics social:REQUIRED, social:RECOMMENDED (lines by level),
--                             social:covered and social:lines;
--   social_support_count      lines each organization takes part in, per cell (how many of a
--                             cell's lines a party may read in detail; the rest are hidden);
--   social_support_total      the insurance clauses' coverage amounts per cell and currency,
--                             summed as numeric (exact: amounts are added as written, not as
--                             doubles).
CREATE TABLE social_support_count (
  organization_id text NOT NULL,
  recovery        text NOT NULL,
  economic        text NOT NULL,
  value           bigint NOT NULL,
  PRIMARY KEY (organization_id, recovery, economic)
);

CREATE TABLE social_support_total (
  recovery text NOT NULL,
  economic text NOT NULL,
  currency text NOT NULL,
  value    numeric NOT NULL,
  PRIMARY KEY (recovery, economic, currency)
);

-- Existing read models get their counters now; a rebuild gives the same rows.
INSERT INTO agreement_category_stats (recovery, economic, metric, value)
SELECT recovery, economic, metric, count(*)
  FROM social_support_line,
       LATERAL (VALUES ('social:' || level), ('social:lines'), (CASE WHEN covered THEN 'social:covered' END)) AS m(metric)
 WHERE metric IS NOT NULL
 GROUP BY recovery, economic, metric;

INSERT INTO social_support_count (organization_id, recovery, economic, value)
SELECT organization_id, recovery, economic, count(*)
  FROM social_support_line, unnest(involved) AS organization_id
 GROUP BY organization_id, recovery, economic;

INSERT INTO social_support_total (recovery, economic, currency, value)
SELECT recovery, economic, currency, trim_scale(total)
  FROM (SELECT recovery, economic, clause->>'currency' AS currency, sum((clause->>'amount')::numeric) AS total
          FROM social_support_line, json_array_elements(insurance_clauses) AS clause
         WHERE clause->>'currency' IS NOT NULL AND clause->>'amount' IS NOT NULL
         GROUP BY recovery, economic, clause->>'currency') AS sums
 WHERE total <> 0;

-- Down Migration

DELETE FROM agreement_category_stats WHERE metric LIKE 'social:%';
DROP TABLE social_support_total;
DROP TABLE social_support_count;
