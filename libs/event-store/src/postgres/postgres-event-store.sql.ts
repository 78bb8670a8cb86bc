/**
 * SQL of the PostgreSQL event store. Kept apart from the adapter so the statements can be read,
 * EXPLAINed and benchmarked as they are. Runs on PostgreSQL 15+ and on PGlite (PostgreSQL 18).
 */

const EVENT_COLUMNS = `
  e.event_id::text AS event_id,
  e.stream_id,
  e.revision::text AS revision,
  e.global_position::text AS global_position,
  e.transaction_id::text AS transaction_id,
  e.type,
  e.schema_version,
  e.data,
  e.metadata,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  e.previous_hash,
  e.hash`;

/**
 * The conditions of an append on streams it does not write (`StreamCondition`): each listed stream
 * must still be at its revision (-1: absent). Evaluated in the append's own statement, so on the
 * snapshot that also sees the head it moves; an empty list holds.
 */
function conditionsHold(streams: string, revisions: string): string {
  return `NOT EXISTS (
    SELECT 1 FROM unnest(${streams}::text[], ${revisions}::bigint[]) AS c(stream_id, revision)
    WHERE ${revisionOf('c.stream_id')} <> c.revision
  )`;
}

/** An append's single condition (columns `condition_stream`, `condition_revision` of `row`) holds; none holds too. */
function conditionHolds(row: string): string {
  return `(${row}.condition_stream IS NULL OR ${revisionOf(`${row}.condition_stream`)} = ${row}.condition_revision)`;
}

/** A stream's revision as a condition compares it: -1 for a stream that does not exist. */
function revisionOf(stream: string): string {
  return `coalesce((SELECT h.revision FROM streams h WHERE h.stream_id = ${stream}), -1)`;
}

/** The parts of each event a read leaves out (`readAll({ withoutData, withoutMetadata })`): their columns stay, as null. */
export interface LeftOut {
  data: boolean;
  metadata: boolean;
}

/** EVENT_COLUMNS without the parts left out. */
function columnsWithout({ data, metadata }: LeftOut): string {
  let columns = EVENT_COLUMNS;
  if (data) columns = columns.replace('e.data,', 'NULL::jsonb AS data,');
  if (metadata) columns = columns.replace('e.metadata,', 'NULL::jsonb AS metadata,');
  return columns;
}

/** One statement per combination of parts left out, written once: `statementsWithout(build)(leftOut)`; `.all` lists them. */
function statementsWithout(build: (columns: string) => string): ((leftOut: LeftOut) => string) & { all: readonly string[] } {
  const statements = [false, true].flatMap((data) => [false, true].map((metadata) => build(columnsWithout({ data, metadata }))));
  return Object.assign(({ data, metadata }: LeftOut) => statements[(data ? 2 : 0) + (metadata ? 1 : 0)], { all: statements });
}

/** The batch of events, one array per column, inserted only when the head change succeeded. */
const INSERT_EVENTS_WHEN_HEAD_MOVED = `
appended AS (
  INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at, previous_hash, hash)
  SELECT batch.event_id, $1, batch.revision, batch.type, batch.schema_version, batch.data::jsonb, batch.metadata::jsonb,
         batch.occurred_at, date_trunc('milliseconds', now()), batch.previous_hash, batch.hash
  FROM unnest($5::uuid[], $6::bigint[], $7::text[], $8::integer[], $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::text[])
       AS batch(event_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
  WHERE EXISTS (SELECT 1 FROM head)
  ORDER BY batch.revision
  RETURNING global_position, transaction_id
)
SELECT count(*)::integer AS appended_count,
       max(global_position)::text AS global_position,
       max(transaction_id::text) AS transaction_id
FROM appended`;

/**
 * One round trip for a new stream: the head row is created only if absent. A concurrent creator
 * waits on the unique index and then inserts nothing, which the caller reads as a conflict.
 * $2 and $3 (expected revision and hash) are unused here but keep one parameter list for both forms.
 */
export const APPEND_TO_NEW_STREAM = `
WITH head AS (
  INSERT INTO streams (stream_id, revision, head_hash)
  SELECT $1, $4::bigint, ($13::text[])[array_length($13::text[], 1)]
  WHERE $2::bigint IS NULL AND $3::text IS NULL AND ${conditionsHold('$14', '$15')}
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id
),
${INSERT_EVENTS_WHEN_HEAD_MOVED}`;

/**
 * One round trip for an existing stream: a compare-and-set of the head (revision and hash) locks
 * only this stream's row; a concurrent writer re-checks the condition after the first commits and
 * matches nothing. Checking the hash too means a stale cached head can never fork the chain.
 */
export const APPEND_TO_EXISTING_STREAM = `
WITH head AS (
  UPDATE streams
     SET revision = $4::bigint, head_hash = ($13::text[])[array_length($13::text[], 1)], updated_at = now()
   WHERE stream_id = $1 AND revision = $2::bigint AND head_hash = $3::text AND ${conditionsHold('$14', '$15')}
  RETURNING stream_id
),
${INSERT_EVENTS_WHEN_HEAD_MOVED}`;

/**
 * The single-event forms: most appends carry one event, and scalar parameters spare the server the
 * nine arrays, the `unnest` and the sort of the batch forms. Same head conditions, same result
 * meaning: no row when the head condition matched nothing. Parameters, in both:
 * $1 stream, $2 expected revision, $3 expected head hash, $4 revision, $5 event id, $6 type,
 * $7 schema version, $8 data, $9 metadata, $10 occurred at, $11 previous hash, $12 hash,
 * $13 and $14 the conditions' streams and revisions (the batch forms: $14 and $15).
 */
const INSERT_EVENT_WHEN_HEAD_MOVED = `
appended AS (
  INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at, previous_hash, hash)
  SELECT $5::uuid, $1, $4::bigint, $6::text, $7::integer, $8::jsonb, $9::jsonb,
         $10::timestamptz, date_trunc('milliseconds', now()), $11::text, $12::text
  WHERE EXISTS (SELECT 1 FROM head)
  RETURNING global_position, transaction_id
)
SELECT global_position::text AS global_position, transaction_id::text AS transaction_id
FROM appended`;

/** `APPEND_TO_NEW_STREAM` for one event ($2 and $3 unused but typed, as there). */
export const APPEND_ONE_TO_NEW_STREAM = `
WITH head AS (
  INSERT INTO streams (stream_id, revision, head_hash)
  SELECT $1, $4::bigint, $12::text
  WHERE $2::bigint IS NULL AND $3::text IS NULL AND ${conditionsHold('$13', '$14')}
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id
),
${INSERT_EVENT_WHEN_HEAD_MOVED}`;

/** `APPEND_TO_EXISTING_STREAM` for one event: the same compare-and-set on revision and hash. */
export const APPEND_ONE_TO_EXISTING_STREAM = `
WITH head AS (
  UPDATE streams
     SET revision = $4::bigint, head_hash = $12::text, updated_at = now()
   WHERE stream_id = $1 AND revision = $2::bigint AND head_hash = $3::text AND ${conditionsHold('$13', '$14')}
  RETURNING stream_id
),
${INSERT_EVENT_WHEN_HEAD_MOVED}`;

/**
 * Several appends to distinct streams in one statement, so one transaction and one WAL flush
 * (group commit; see GroupCommit). Each append keeps its own condition: a compare-and-set of its
 * head (revision and hash), or the creation of an absent head; its events are inserted only when
 * that succeeded, and an append whose condition fails leaves the others untouched. One row per
 * accepted append, keyed by `append_index` (1-based, the order of the head arrays).
 * Heads: $1 stream, $2 expected revision (null: a new stream), $3 expected head hash, $4 revision
 * after, $5 head hash after. Events: $6 append index, then as the batch forms above. At most one
 * condition per append (appends with more are written alone): $16 its stream (null: none), $17 its
 * revision. One condition column per append keeps the statement's generic plan (prepared once per
 * connection) as cheap as its custom plans: with the conditions as a list of their own, PostgreSQL
 * re-planned it on every run, which doubled its cost.
 */
export const APPEND_TO_SEVERAL_STREAMS = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $16::text[], $17::bigint[])
    WITH ORDINALITY AS input(stream_id, expected_revision, expected_hash, next_revision, next_hash, condition_stream, condition_revision, append_index)
),
moved AS (
  UPDATE streams s
     SET revision = input.next_revision, head_hash = input.next_hash, updated_at = now()
    FROM input
   WHERE s.stream_id = input.stream_id AND s.revision = input.expected_revision AND s.head_hash = input.expected_hash
     AND ${conditionHolds('input')}
  RETURNING input.append_index
),
created AS (
  INSERT INTO streams (stream_id, revision, head_hash)
  SELECT input.stream_id, input.next_revision, input.next_hash FROM input WHERE input.expected_revision IS NULL AND ${conditionHolds('input')}
  ORDER BY input.stream_id
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id
),
accepted AS (
  SELECT append_index FROM moved
  UNION ALL
  SELECT input.append_index FROM created JOIN input ON input.stream_id = created.stream_id AND input.expected_revision IS NULL
),
appended AS (
  INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at, previous_hash, hash)
  SELECT batch.event_id, input.stream_id, batch.revision, batch.type, batch.schema_version, batch.data::jsonb, batch.metadata::jsonb,
         batch.occurred_at, date_trunc('milliseconds', now()), batch.previous_hash, batch.hash
  FROM unnest($6::bigint[], $7::uuid[], $8::bigint[], $9::text[], $10::integer[], $11::text[], $12::text[], $13::timestamptz[], $14::text[], $15::text[])
       AS batch(append_index, event_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
  JOIN input ON input.append_index = batch.append_index
  WHERE batch.append_index IN (SELECT append_index FROM accepted)
  ORDER BY batch.append_index, batch.revision
  RETURNING stream_id, global_position, transaction_id
)
SELECT input.append_index::integer AS append_index,
       count(*)::integer AS appended_count,
       max(appended.global_position)::text AS global_position,
       max(appended.transaction_id::text) AS transaction_id
FROM appended
JOIN input ON input.stream_id = appended.stream_id
GROUP BY input.append_index`;

export const READ_HEAD = `SELECT revision::text AS revision, head_hash FROM streams WHERE stream_id = $1`;

/** The revisions of some streams (absent ones left out): what a refused append's conditions found. */
export const READ_REVISIONS = `SELECT stream_id, revision::text AS revision FROM streams WHERE stream_id = ANY($1::text[])`;

/** For appends that accept any head: wait for the stream's row lock instead of retrying. */
export const LOCK_HEAD = `SELECT revision::text AS revision, head_hash FROM streams WHERE stream_id = $1 FOR UPDATE`;

/**
 * Why an append wrote nothing, in one round trip (a conflict costs the loser a lock wait already):
 * the events already recorded under the batch's ids ($1), to answer a retry, and the stream's
 * current head ($2), to report a conflict, both from one snapshot. At least one row: the event
 * columns are null when no id is recorded, the head columns when the stream does not exist.
 */
export const RESOLVE_REFUSED_APPEND = `
SELECT e.event_id::text AS event_id,
       e.stream_id,
       e.revision::text AS revision,
       e.global_position::text AS global_position,
       e.transaction_id::text AS transaction_id,
       e.type,
       e.hash,
       s.revision::text AS head_revision,
       s.head_hash
FROM (SELECT 1) AS one
LEFT JOIN streams s ON s.stream_id = $2
LEFT JOIN events e ON e.event_id = ANY($1::uuid[])
ORDER BY e.revision`;

/** An event found by id while resolving a refused append. */
export interface RecordedIdRow {
  event_id: string;
  stream_id: string;
  revision: string;
  global_position: string;
  transaction_id: string;
  type: string;
  hash: string;
}

export type RefusedAppendRow = { [Column in keyof RecordedIdRow]: RecordedIdRow[Column] | null } & {
  head_revision: string | null;
  head_hash: string | null;
};

export const READ_STREAM = `
SELECT ${EVENT_COLUMNS}
FROM events e
WHERE e.stream_id = $1
  AND e.revision >= $2::bigint
  AND ($3::bigint IS NULL OR e.revision <= $3::bigint)
  AND ($4::timestamptz IS NULL OR e.recorded_at <= $4::timestamptz)
ORDER BY e.revision`;

/** Every stored row of a stream in stored order, including rows a tamperer may have reordered. */
export const READ_STREAM_FOR_VERIFICATION = `
SELECT ${EVENT_COLUMNS}
FROM events e
WHERE e.stream_id = $1
ORDER BY e.revision, e.global_position`;

/**
 * Catch-up read in commit order. Only transactions below the oldest one still running are
 * visible: a transaction that started earlier but commits later can no longer slip in behind a
 * checkpoint, because it holds the horizon back until it ends.
 */
const readAll = (columns: string) => `
SELECT ${columns}
FROM events e
WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  AND (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
ORDER BY e.transaction_id, e.global_position
LIMIT $3`;
export const readAllWithout = statementsWithout(readAll);
export const READ_ALL = readAllWithout({ data: false, metadata: false });

/** With a CTE `bound` (the visibility horizon): the newest visible event. */
const VISIBLE_HEAD = `FROM events e, bound
  WHERE e.transaction_id < bound.xmin
  ORDER BY e.transaction_id DESC, e.global_position DESC
  LIMIT 1`;

/** With a CTE `bound`: the page of at most $3 visible events of the types $4 after ($1, $2), in commit order. */
const PAGE_OF_TYPES = `FROM events e, bound
  WHERE e.transaction_id < bound.xmin
    AND (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
    AND e.type = ANY($4::text[])
  ORDER BY e.transaction_id, e.global_position
  LIMIT $3`;

/**
 * READ_ALL of some types only, with the visible head under the same snapshot (`head_*`, on every
 * row; one row of nulls but the head when no event matches): a page that did not fill up has read
 * everything up to the head, so the reader resumes from there instead of scanning again the
 * events of other types that trail its last match. The rows are put back in commit order by the
 * reader: sorting them here, after the join, sorted the page's wide rows again (on disk, for a
 * rebuild's pages of 5,000 events) although the page is read in that order.
 */
const readAllOfTypes = (columns: string) => `
WITH bound AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
head AS (
  SELECT e.transaction_id AS head_transaction_id, e.global_position AS head_global_position
  ${VISIBLE_HEAD}
),
page AS (
  SELECT ${columns}, e.transaction_id AS order_transaction_id, e.global_position AS order_global_position
  ${PAGE_OF_TYPES}
)
SELECT head.head_transaction_id::text AS head_transaction_id, head.head_global_position::text AS head_global_position, page.*
FROM head LEFT JOIN page ON true`;
export const readAllOfTypesWithout = statementsWithout(readAllOfTypes);

/**
 * Where READ_ALL's page would end, and how many events it would hold, without reading them: the
 * commit-order index alone, no row leaves the server. For readers whose work is done by the
 * database itself over a range of the log (a rebuild of the audit log inserts by range).
 */
export const READ_PAGE_END = `
WITH page AS (
  SELECT e.transaction_id, e.global_position
  FROM events e
  WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    AND (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
  ORDER BY e.transaction_id, e.global_position
  LIMIT $3
),
-- Ordered before the casts below: ordered by a column selected as text under its own name, the
-- text would be sorted ('9' after '10').
last AS (SELECT * FROM page ORDER BY transaction_id DESC, global_position DESC LIMIT 1)
SELECT (SELECT count(*) FROM page)::int AS events,
       (SELECT transaction_id::text FROM last) AS last_transaction_id,
       (SELECT global_position::text FROM last) AS last_global_position,
       NULL::text AS head_transaction_id,
       NULL::text AS head_global_position`;

/** READ_PAGE_END of some types: with the visible head under the same snapshot, where a page that does not fill up ends (as READ_ALL_OF_TYPES). */
export const READ_PAGE_END_OF_TYPES = `
WITH bound AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
page AS (
  SELECT e.transaction_id, e.global_position
  ${PAGE_OF_TYPES}
),
last AS (SELECT * FROM page ORDER BY transaction_id DESC, global_position DESC LIMIT 1),
head AS (
  SELECT e.transaction_id, e.global_position
  ${VISIBLE_HEAD}
)
SELECT (SELECT count(*) FROM page)::int AS events,
       (SELECT transaction_id::text FROM last) AS last_transaction_id,
       (SELECT global_position::text FROM last) AS last_global_position,
       (SELECT transaction_id::text FROM head) AS head_transaction_id,
       (SELECT global_position::text FROM head) AS head_global_position`;

export interface PageEndRow {
  events: number;
  last_transaction_id: string | null;
  last_global_position: string | null;
  head_transaction_id: string | null;
  head_global_position: string | null;
}

export const READ_HEAD_CHECKPOINT = `
SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position
FROM events e
WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.transaction_id DESC, e.global_position DESC
LIMIT 1`;

export interface EventRow {
  event_id: string;
  stream_id: string;
  revision: string;
  global_position: string;
  transaction_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  occurred_at: string;
  recorded_at: string;
  previous_hash: string | null;
  hash: string;
}
