import { DOMAIN_EVENT_TYPES } from '@app/domain';
import type { RecordedEvent, SqlExecutor } from '@app/event-store';
import type { Projection } from '../../projections/projection.js';
import { STREAM_PREFIXES } from '../../application/streams.js';

/** The audit log takes every event the domain records. */
export const AUDITED_EVENT_TYPES = DOMAIN_EVENT_TYPES;

/** A SQL string literal of a constant of this code (never of input). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

// `parseStream` in SQL: the aggregate whose prefix starts the stream name, longest prefix first.
const prefixesLongestFirst = Object.entries(STREAM_PREFIXES).sort(([, a], [, b]) => b.length - a.length);
const whenPrefix = (then: (kind: string, prefix: string) => string) =>
  `CASE ${prefixesLongestFirst.map(([kind, prefix]) => `WHEN starts_with(e.stream_id, ${literal(prefix)}) THEN ${then(kind, prefix)}`).join(' ')} END`;

const COLUMNS = [
  'global_position',
  'commit_txid',
  'checkpoint',
  'event_id',
  'stream',
  'aggregate_kind',
  'aggregate_id',
  'revision',
  'type',
  'actor_subject',
  'actor_org',
  'occurred_at',
  'recorded_at',
  'previous_hash',
  'hash',
];

/**
 * The rows of the events `source` selects from the store's `event_envelopes` (as `e`), built by
 * PostgreSQL: a row is the envelope as recorded, so the events need not come back from the
 * process as JSON rows (what every other projection, which folds payloads, must do).
 */
const insertAuditRows = (source: string) => `
INSERT INTO audit_log (${COLUMNS.join(', ')})
SELECT e.global_position,
       e.transaction_id::text::bigint,
       e.checkpoint,
       e.event_id::text,
       e.stream_id,
       ${whenPrefix((kind) => literal(kind))},
       ${whenPrefix((_, prefix) => `substr(e.stream_id, ${prefix.length + 1})`)},
       e.revision,
       e.type,
       e.metadata -> 'actor' ->> 'subject',
       e.metadata -> 'actor' ->> 'organizationId',
       e.occurred_at,
       e.recorded_at,
       e.previous_hash,
       e.hash
${source}
ON CONFLICT (global_position) DO UPDATE SET ${COLUMNS.filter((column) => column !== 'global_position')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ')}`;

/** The events at the given global positions. */
const AUDIT_EVENTS_AT = insertAuditRows(`FROM event_envelopes e WHERE e.global_position = ANY($1::bigint[])`);

/** The audited events of a range of the log, (after, up to] (see the migration of `event_envelopes_between`). */
const AUDIT_EVENTS_BETWEEN = insertAuditRows(`FROM event_envelopes_between($1, $2) e WHERE e.type = ANY($3::text[])`);

/** `audit_log`: one row per event (no data: the history query reads the stream), keyed by global position. */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  eventTypes: AUDITED_EVENT_TYPES,
  // Envelopes only: its rows hold no payload. Its metadata columns are read by PostgreSQL, not here.
  readsData: false,
  readsMetadata: false,
  tables: ['audit_log'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]) {
    if (events.length === 0) return;
    await tx.query(AUDIT_EVENTS_AT, [events.map((event) => event.globalPosition)]);
  },
  async applyRange(tx: SqlExecutor, after: string | undefined, upTo: string) {
    // One row inserted or updated per audited event of the range.
    const { rowCount } = await tx.query(AUDIT_EVENTS_BETWEEN, [after ?? null, upTo, AUDITED_EVENT_TYPES]);
    return rowCount;
  },
};
