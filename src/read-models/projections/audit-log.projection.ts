import { DOMAIN_EVENT_TYPES } from '@app/domain';
import { decodeCheckpoint, type RecordedEvent, type SqlExecutor } from '@app/event-store';
import type { Projection } from '../../projections/projection.js';
import { parseStream } from '../../application/streams.js';
import { upsertRows } from './aggregate-batch.js';

/** The audit log takes every event the domain records. */
export const AUDITED_EVENT_TYPES = DOMAIN_EVENT_TYPES;

/** `audit_log`: one row per event (no data: the history query reads the stream), keyed by global position. */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  eventTypes: AUDITED_EVENT_TYPES,
  // Envelopes only: its rows hold no payload.
  readsData: false,
  tables: ['audit_log'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]) {
    await upsertRows(
      tx,
      'audit_log',
      {
        global_position: 'bigint',
        commit_txid: 'bigint',
        checkpoint: 'text',
        event_id: 'text',
        stream: 'text',
        aggregate_kind: 'text',
        aggregate_id: 'text',
        revision: 'bigint',
        type: 'text',
        actor_subject: 'text',
        actor_org: 'text',
        occurred_at: 'timestamptz',
        recorded_at: 'timestamptz',
        previous_hash: 'text',
        hash: 'text',
      },
      ['global_position'],
      events.map((event) => {
        const aggregate = parseStream(event.stream);
        return {
          global_position: event.globalPosition,
          commit_txid: decodeCheckpoint(event.checkpoint).transactionId.toString(),
          checkpoint: event.checkpoint,
          event_id: event.eventId,
          stream: event.stream,
          aggregate_kind: aggregate?.kind ?? null,
          aggregate_id: aggregate?.id ?? null,
          revision: event.revision,
          type: event.type,
          actor_subject: event.metadata.actor.subject,
          actor_org: event.metadata.actor.organizationId,
          occurred_at: event.occurredAt,
          recorded_at: event.recordedAt,
          previous_hash: event.previousHash,
          hash: event.hash,
        };
      }),
    );
  },
};
