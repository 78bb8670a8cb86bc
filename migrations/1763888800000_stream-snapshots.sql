-- Up Migration

-- Snapshots of folded aggregate states for time travel (src/audit/stream-snapshots.ts): derived
-- data, written lazily by the read path every N revisions, never read by commands or projections.
-- Deleting any or all rows is always safe (queries fold from the events instead, and rewrite them).
-- A row holds the state after folding revisions 0..revision of the stream, as `state_version`
-- of the code folds it; rows of another state_version are ignored, so a new state shape simply
-- starts a new series.
--   recorded_at    the latest recorded_at among revisions 0..revision (recorded times need not
--                  grow with the revision), so the row serves any asOf >= recorded_at
--   terms_version  the highest terms version proposed in revisions 0..revision (agreements;
--                  NULL when not applicable or not a plain number), for `version` queries
--   event_hash     the hash of the event at `revision`: ties the row to the stream's hash chain
--   state          the state as JSON text, verbatim (json, not jsonb: key order and text kept)
--   state_digest   SHA-256 over all of the above, checked on every read
CREATE TABLE stream_snapshots (
  stream_id      text NOT NULL,
  state_version  integer NOT NULL,
  revision       bigint NOT NULL CHECK (revision >= 0),
  recorded_at    timestamptz NOT NULL,
  terms_version  integer,
  event_hash     text NOT NULL,
  state          json NOT NULL,
  state_digest   text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, state_version, revision)
);

-- Down Migration
DROP TABLE stream_snapshots;
