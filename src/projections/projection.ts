import type { RecordedEvent, SqlExecutor } from '@app/event-store';

/**
 * A read model fed from the event log. `apply` receives a batch in commit order and must be
 * idempotent per event (upserts keyed by ids, guards on stream revisions), because a rebuild or a
 * retried batch replays events it may have seen.
 */
export interface Projection {
  readonly name: string;
  /** The event types it handles; the runner passes it no others. */
  readonly eventTypes: readonly string[];
  /** Its tables, emptied by a rebuild (children first). */
  readonly tables: readonly string[];
  /**
   * Indexes (not constraints) that `apply` looks its own rows up by, e.g. to delete an aggregate's
   * derived rows. A rebuild loads its copies with only these and the constraints, and builds the
   * other indexes once the copies are loaded (see `ShadowCopies`); one missing here makes the
   * rebuild slow, not wrong.
   */
  readonly lookupIndexes?: readonly string[];
  apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
