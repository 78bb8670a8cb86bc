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
  /**
   * False when `apply` never looks at events' `data`: a rebuild of such projections alone reads
   * envelopes only (`readAll({ withoutData })`). Default true.
   */
  readonly readsData?: boolean;
  /**
   * False when `apply` never looks at events' `metadata`: a rebuild of such projections alone reads
   * none (`readAll({ withoutMetadata })`: each event's metadata is null). Default true.
   */
  readonly readsMetadata?: boolean;
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
  /**
   * Optional, for projections built by the database alone from the log it holds (the audit log):
   * applies every event of its types after `after` (exclusive; undefined: from the start) up to
   * `upTo` (inclusive), exactly what `apply` would be given for that range, and answers how many
   * that was. The runner then applies it by range instead of by events (and checks the count
   * against its page's), and a rebuild of such projections alone reads no event, only where its
   * ranges end (`EventStore.readPageEnd`). The runner passes only checkpoints below the log's
   * visibility horizon: every event of the range is visible. A projection that also has a
   * `bulkLoader` is applied by its loader in rebuilds, not by range.
   */
  applyRange?(tx: SqlExecutor, after: string | undefined, upTo: string): Promise<number>;
  /**
   * Optional, for rebuilds: a loader that may keep what it folded across batches and write it
   * later, so that an aggregate whose events are spread over many pages is written once rather
   * than once per page. Nothing reads a rebuild's copies before the swap, so they need not agree
   * with their checkpoint page by page; the runner calls `flush` before it finishes or swaps them.
   */
  bulkLoader?(options: BulkLoaderOptions): BulkLoader;
}

export interface BulkLoaderOptions {
  /** How many folded aggregates it may keep unwritten (the least recently touched are written first). */
  carried: number;
  /**
   * Given where the database runs more than one transaction at a time (PostgreSQL): runs `work` in
   * a transaction of its own on the rebuild's copies. A loader may write there what it lets go,
   * behind the batches (in the order it let them go), so that PostgreSQL writes while the next page
   * is folded; `flush` must wait for all of it.
   */
  writeBehind?: (work: (tx: SqlExecutor) => Promise<void>) => Promise<void>;
  /**
   * With `writeBehind`: how many of its writes behind a loader may run at once (default 1). Writes
   * that could touch the same rows must still run one after the other, in order: a loader that
   * cannot tell which those are runs one at a time.
   */
  writeLanes?: number;
}

/** Applies a rebuild's batches like `apply`, but may hold rows back until `flush`. */
export interface BulkLoader {
  apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * With `writeBehind`: resolves once at most `writesBehind` (default 0) of its writes behind are
   * still running or waiting in each of its lanes, and throws if one failed. Called outside any
   * transaction of the loader's (a batch waiting for its writes behind while it holds a connection
   * could starve them of one).
   */
  caughtUp?(writesBehind?: number): Promise<void>;
  /**
   * With `writeBehind`: hands everything held back to its writes behind, in its lanes, so that
   * the end of a rebuild writes in as many transactions at once as its batches did (then
   * `caughtUp` waits for them, and `flush` has nothing left to write). Called outside any
   * transaction of the loader's.
   */
  letGoAll?(): void;
  /** Writes everything held back (after every write behind). */
  flush(tx: SqlExecutor): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
