import type { SqlDatabase } from '@app/event-store';
import { decodeCursor, encodeCursor, ISO, pageSize, type PageInfo } from './query-support.js';

export interface AuditEntry {
  globalPosition: number;
  checkpoint: string;
  eventId: string;
  stream: string;
  aggregateKind: string | null;
  aggregateId: string | null;
  revision: number;
  type: string;
  actor: { subject: string; organizationId: string };
  occurredAt: string;
  recordedAt: string;
  previousHash: string | null;
  hash: string;
}

interface AuditRow {
  global_position: string;
  commit_txid: string;
  checkpoint: string;
  event_id: string;
  stream: string;
  aggregate_kind: string | null;
  aggregate_id: string | null;
  revision: string;
  type: string;
  actor_subject: string;
  actor_org: string;
  occurred_at: string;
  recorded_at: string;
  previous_hash: string | null;
  hash: string;
}

/**
 * The audit log in commit order (the order the store hands events to projections), paged by an
 * opaque keyset cursor; optionally one aggregate's events only. No total count: counting the
 * whole log on every page would cost more than the page.
 */
export class AuditLogQuery {
  constructor(private readonly database: SqlDatabase) {}

  async page(args: { first?: number; after?: string; aggregateId?: string }): Promise<{ nodes: AuditEntry[]; pageInfo: PageInfo }> {
    const size = pageSize(args.first, 50);
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (args.aggregateId !== undefined) {
      params.push(args.aggregateId);
      conditions.push(`aggregate_id = $${params.length}`);
    }
    if (args.after !== undefined) {
      const [txid, position] = decodeCursor(args.after, 2);
      params.push(txid, position);
      conditions.push(`(commit_txid, global_position) > ($${params.length - 1}::bigint, $${params.length}::bigint)`);
    }
    const { rows } = await this.database.query<AuditRow>(
      `SELECT global_position::text AS global_position, commit_txid::text AS commit_txid, checkpoint, event_id, stream,
              aggregate_kind, aggregate_id, revision::text AS revision, type, actor_subject, actor_org,
              ${ISO('occurred_at')} AS occurred_at, ${ISO('recorded_at')} AS recorded_at, previous_hash, hash
         FROM audit_log ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        -- The table's columns: bare names would sort by the text forms selected above (out of
        -- commit order where their length changes, and with a sort of the whole log).
        ORDER BY audit_log.commit_txid, audit_log.global_position
        LIMIT ${size + 1}`,
      params,
    );
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      nodes: page.map((row) => ({
        globalPosition: Number(row.global_position),
        checkpoint: row.checkpoint,
        eventId: row.event_id,
        stream: row.stream,
        aggregateKind: row.aggregate_kind,
        aggregateId: row.aggregate_id,
        revision: Number(row.revision),
        type: row.type,
        actor: { subject: row.actor_subject, organizationId: row.actor_org },
        occurredAt: row.occurred_at,
        recordedAt: row.recorded_at,
        previousHash: row.previous_hash,
        hash: row.hash,
      })),
      pageInfo: { endCursor: last ? encodeCursor([last.commit_txid, last.global_position]) : null, hasNextPage: rows.length > size },
    };
  }
}
