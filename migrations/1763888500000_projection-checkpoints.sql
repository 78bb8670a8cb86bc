-- Up Migration

-- One row per projection. Written in the same transaction as the projection's rows, with a
-- compare-and-set on the previous checkpoint, so a crash or a second runner never applies twice.
CREATE TABLE projection_checkpoints (
  projection     text PRIMARY KEY,
  checkpoint     text,
  events_applied bigint NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE projection_checkpoints;
