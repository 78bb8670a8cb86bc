-- Up Migration

-- The review-required saga, as a projection with an outbox: the projection records, in the
-- same transaction as its checkpoint, which agreements belong to which assessment and which
-- category changes still need their agreements marked; a processor then issues the commands
-- (idempotent, keyed by the triggering event) and marks each task done.
CREATE TABLE review_saga_agreements (
  assessment_id text NOT NULL,
  agreement_id  text NOT NULL,
  PRIMARY KEY (assessment_id, agreement_id)
);

CREATE TABLE review_saga_tasks (
  event_id         uuid PRIMARY KEY,
  assessment_id    text NOT NULL,
  event_data       jsonb NOT NULL,
  correlation_id   text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  done_at          timestamptz
);

CREATE INDEX review_saga_tasks_pending ON review_saga_tasks (created_at) WHERE done_at IS NULL;

-- Down Migration
DROP TABLE review_saga_tasks;
DROP TABLE review_saga_agreements;
