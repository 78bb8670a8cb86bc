-- Up Migration

-- One row per stream: its head. Appends update it conditionally, which locks only that stream.
CREATE TABLE streams (
  stream_id   text PRIMARY KEY,
  revision    bigint NOT NULL CHECK (revision >= 0),
  head_hash   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Append-only. transaction_id orders commits for catch-up readers (see readAll).
CREATE TABLE events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid NOT NULL,
  stream_id       text NOT NULL,
  revision        bigint NOT NULL CHECK (revision >= 0),
  type            text NOT NULL,
  schema_version  integer NOT NULL CHECK (schema_version >= 1),
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  previous_hash   text,
  hash            text NOT NULL,
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
);

CREATE INDEX events_commit_order ON events (transaction_id, global_position);
CREATE INDEX events_type_commit_order ON events (type, transaction_id, global_position);

-- Down Migration
DROP TABLE events;
DROP TABLE streams;
