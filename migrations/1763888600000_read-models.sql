-- Up Migration

-- Read models. Every table belongs to exactly one projection (see src/read-models/projections),
-- so a projection can be rebuilt into shadow copies and swapped in without touching the others.
-- Aggregate views keep the folded domain state (jsonb) with the stream revision it reflects:
-- a replayed event with a revision <= stream_revision is skipped, which makes projections idempotent.
-- Times are the events' occurred_at, never now(), so a rebuild produces identical rows.

-- projection: organizations
CREATE TABLE organization_view (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  status          text NOT NULL,
  roles           text[] NOT NULL,
  state           jsonb NOT NULL,
  marks           jsonb NOT NULL DEFAULT '{}',
  stream_revision bigint NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

-- projection: use-cases
CREATE TABLE use_case_view (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  unit            text NOT NULL,
  domain          text NOT NULL,
  status          text NOT NULL,
  registered_by   text NOT NULL,
  state           jsonb NOT NULL,
  marks           jsonb NOT NULL DEFAULT '{}',
  stream_revision bigint NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX use_case_view_page ON use_case_view (created_at, id);

-- projection: policy-profiles
CREATE TABLE policy_profile_view (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  version         integer NOT NULL,
  state           jsonb NOT NULL,
  marks           jsonb NOT NULL DEFAULT '{}',
  stream_revision bigint NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

-- projection: assessments
CREATE TABLE assessment_view (
  id               text PRIMARY KEY,
  use_case_id      text NOT NULL,
  status           text NOT NULL,
  revision         integer NOT NULL,
  agreed_recovery  text,
  agreed_economic  text,
  agreed_revision  integer,
  participant_ids  text[] NOT NULL,
  state            jsonb NOT NULL,
  -- When the current revision and each open challenge began (the inbox's "since").
  marks            jsonb NOT NULL DEFAULT '{}',
  stream_revision  bigint NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX assessment_view_page ON assessment_view (created_at, id);
CREATE INDEX assessment_view_use_case ON assessment_view (use_case_id, created_at, id);
CREATE INDEX assessment_view_participants ON assessment_view USING gin (participant_ids);

-- The cells each use case lands in: the distinct agreed categories of its assessments.
CREATE TABLE use_case_cell (
  use_case_id text NOT NULL,
  recovery    text NOT NULL,
  economic    text NOT NULL,
  PRIMARY KEY (use_case_id, recovery, economic)
);

-- Category-matrix counters kept by delta (metrics: use_cases, assessments_agreed). Counters rather
-- than GROUP BY over the views: the matrix is read on every dashboard load and must cost the same
-- with 100k use cases as with ten; one projection (one writer at a time, advisory lock) owns them,
-- so deltas computed from the stored before/after states never race.
CREATE TABLE assessment_category_stats (
  recovery text NOT NULL,
  economic text NOT NULL,
  metric   text NOT NULL,
  value    bigint NOT NULL,
  PRIMARY KEY (recovery, economic, metric)
);

CREATE TABLE assessment_inbox_item (
  organization_id text NOT NULL,
  kind            text NOT NULL,
  assessment_id   text NOT NULL,
  revision        integer NOT NULL,
  since           timestamptz NOT NULL,
  detail          jsonb,
  PRIMARY KEY (organization_id, kind, assessment_id)
);
CREATE INDEX assessment_inbox_item_assessment ON assessment_inbox_item (assessment_id);

-- projection: agreements
CREATE TABLE agreement_view (
  id                     text PRIMARY KEY,
  assessment_id          text NOT NULL,
  use_case_id            text NOT NULL,
  status                 text NOT NULL,
  recovery               text NOT NULL,
  economic               text NOT NULL,
  parties                text[] NOT NULL,
  -- Current and withdrawn parties: who may read the agreement (and its assessment).
  involved               text[] NOT NULL,
  current_version        integer,
  concluded_version      integer,
  latest_version         integer NOT NULL,
  policy_profile_id      text NOT NULL,
  policy_profile_version integer NOT NULL,
  state                  jsonb NOT NULL,
  marks                  jsonb NOT NULL DEFAULT '{}',
  stream_revision        bigint NOT NULL,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL
);
CREATE INDEX agreement_view_page ON agreement_view (created_at, id);
CREATE INDEX agreement_view_status ON agreement_view (status, created_at, id);
CREATE INDEX agreement_view_use_case ON agreement_view (use_case_id, created_at, id);
CREATE INDEX agreement_view_assessment ON agreement_view (assessment_id);
CREATE INDEX agreement_view_involved ON agreement_view USING gin (involved);

-- The policy check of the terms in force (else the current terms) against the agreement's
-- current requirements, one row per perspective.
CREATE TABLE agreement_perspective (
  agreement_id  text NOT NULL,
  perspective   text NOT NULL,
  recovery      text NOT NULL,
  economic      text NOT NULL,
  status        text NOT NULL,
  terms_version integer,
  level         text NOT NULL CHECK (level IN ('REQUIRED', 'RECOMMENDED', 'NOT_REQUIRED')),
  covered       boolean NOT NULL,
  covered_by    text,
  gap           boolean NOT NULL,
  PRIMARY KEY (agreement_id, perspective)
);

-- Clauses of the concluded version of agreements in force, by responsible organization.
CREATE TABLE obligation (
  agreement_id      text NOT NULL,
  clause_index      integer NOT NULL,
  organization_id   text NOT NULL,
  use_case_id       text NOT NULL,
  recovery          text NOT NULL,
  economic          text NOT NULL,
  concluded_version integer NOT NULL,
  perspective       text NOT NULL,
  title             text NOT NULL,
  references_       text[] NOT NULL,
  clause            jsonb NOT NULL,
  PRIMARY KEY (agreement_id, clause_index)
);
CREATE INDEX obligation_organization ON obligation (organization_id, agreement_id, clause_index);
CREATE INDEX obligation_category ON obligation (recovery, economic);

CREATE TABLE agreement_inbox_item (
  organization_id text NOT NULL,
  kind            text NOT NULL,
  agreement_id    text NOT NULL,
  version         integer,
  since           timestamptz NOT NULL,
  detail          jsonb,
  PRIMARY KEY (organization_id, kind, agreement_id)
);
CREATE INDEX agreement_inbox_item_agreement ON agreement_inbox_item (agreement_id);

-- Live agreements whose category requires or recommends SOCIAL_SUPPORT.
CREATE TABLE social_support_line (
  agreement_id      text PRIMARY KEY,
  recovery          text NOT NULL,
  economic          text NOT NULL,
  status            text NOT NULL,
  level             text NOT NULL,
  covered           boolean NOT NULL,
  terms_version     integer,
  involved          text[] NOT NULL,
  insurance_clauses jsonb NOT NULL
);
CREATE INDEX social_support_line_category ON social_support_line (recovery, economic, agreement_id);

-- Category-matrix counters of agreements (metrics: status:<S>, in_force, required:<P>,
-- covered:<P>, gap:<P>), kept by delta like assessment_category_stats.
CREATE TABLE agreement_category_stats (
  recovery text NOT NULL,
  economic text NOT NULL,
  metric   text NOT NULL,
  value    bigint NOT NULL,
  PRIMARY KEY (recovery, economic, metric)
);

-- projection: audit-log
CREATE TABLE audit_log (
  global_position bigint PRIMARY KEY,
  -- With global_position, the store's commit order (its checkpoint order): pages follow it, so
  -- an event committed after a lower position was paged past is never skipped.
  commit_txid     bigint NOT NULL,
  checkpoint      text NOT NULL,
  event_id        text NOT NULL,
  stream          text NOT NULL,
  aggregate_kind  text,
  aggregate_id    text,
  revision        bigint NOT NULL,
  type            text NOT NULL,
  actor_subject   text NOT NULL,
  actor_org       text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  previous_hash   text,
  hash            text NOT NULL
);
CREATE UNIQUE INDEX audit_log_commit_order ON audit_log (commit_txid, global_position);
CREATE INDEX audit_log_aggregate ON audit_log (aggregate_id, commit_txid, global_position);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE agreement_category_stats;
DROP TABLE social_support_line;
DROP TABLE agreement_inbox_item;
DROP TABLE obligation;
DROP TABLE agreement_perspective;
DROP TABLE agreement_view;
DROP TABLE assessment_inbox_item;
DROP TABLE assessment_category_stats;
DROP TABLE use_case_cell;
DROP TABLE assessment_view;
DROP TABLE policy_profile_view;
DROP TABLE use_case_view;
DROP TABLE organization_view;
