-- Up Migration

-- projection: agreements. How many agreements each organization may read, per status ('*' = all
-- agreements, for viewers who see everything), kept by delta like the category counters, so that
-- `agreements { totalCount }` is a lookup instead of a count over every visible row.
CREATE TABLE agreement_count (
  organization_id text NOT NULL,
  status          text NOT NULL,
  value           bigint NOT NULL,
  PRIMARY KEY (organization_id, status)
);

-- Existing read models get their counters now; a rebuild gives the same rows.
INSERT INTO agreement_count (organization_id, status, value)
SELECT '*', status, count(*) FROM agreement_view GROUP BY status
UNION ALL
SELECT organization_id, status, count(*) FROM agreement_view, unnest(involved) AS organization_id GROUP BY organization_id, status;

-- Down Migration

DROP TABLE agreement_count;
