import type { RecordedEvent, SqlExecutor } from '@app/event-store';
import type { BulkLoader, BulkLoaderOptions, Projection } from '../../projections/projection.js';
import { eventsByAggregate, foldBatch, foldStream, loadStored, type AggregateFolding, type StoredAggregate, type TouchedAggregate } from './aggregate-batch.js';

/**
 * Writes the rows of the aggregates a batch changed: the view row and everything derived from it.
 * `before` is the row as stored (null: none yet), so counters kept by delta stay exact.
 */
export type WriteTouched<State> = (tx: SqlExecutor, touched: ReadonlyArray<TouchedAggregate<State>>) => Promise<void>;

/**
 * What a write of an aggregate's rows may share rows with other aggregates' writes by, beyond
 * counters kept by delta: two aggregates with the same key are never written by two transactions
 * at once (e.g. an assessment recomputes its use case's cells from the views of the use case's
 * other assessments). The aggregate's own id when its rows are its own. It must not change over
 * an aggregate's life: its writes stay in order by staying in one lane.
 */
export type LaneKey<State> = (aggregate: StoredAggregate<State>) => string;

export interface AggregateProjectionDefinition<State, Event> extends Pick<Projection, 'name' | 'eventTypes' | 'tables' | 'lookupIndexes'> {
  folding: AggregateFolding<State, Event>;
  write: WriteTouched<State>;
  /** Without it, a rebuild writes this projection's aggregates one transaction at a time. */
  laneKey?: LaneKey<State>;
}

/**
 * A projection of one aggregate kind: each batch folds the aggregates it names onto their stored
 * rows and writes them (`apply`); a rebuild folds across batches and writes each aggregate once
 * (`bulkLoader`). Both write through the same `write`, so a rebuild's rows equal the live ones.
 */
export function aggregateProjection<State, Event>({ folding, write, laneKey, ...identity }: AggregateProjectionDefinition<State, Event>): Projection {
  return {
    ...identity,
    // Folding sees an event's type and data (`evolve`) and what `mark` is typed to see: no metadata.
    readsMetadata: false,
    async apply(tx, events) {
      const touched = await foldBatch(tx, folding, events);
      if (touched.length > 0) await write(tx, touched);
    },
    bulkLoader: (options) => new CarriedFolds(folding, write, options, laneKey),
  };
}

/** An aggregate folded but not written yet: the row as the table has it, and as folded since. */
interface Carried<State> {
  written: StoredAggregate<State> | null;
  folded: StoredAggregate<State>;
}

/**
 * Folds aggregates across a rebuild's batches and writes each one when it has not been touched
 * for the longest while and more than `carried` are held, or at `flush`. On a log where thousands
 * of negotiations interleave, an aggregate's events are spread over many pages; a batch-by-batch
 * rebuild reads its row back (the folded state, kilobytes of JSON) and rewrites it and its derived
 * rows on every one of them, this writes it once (again only if touched after it was written).
 * Given `writeBehind` (PostgreSQL), what it lets go is written there while the batches go on: the
 * writes, most of a rebuild's work in PostgreSQL, no longer wait for the next page's folding, nor it
 * for them. Given a `laneKey` too, they run in up to `writeLanes` lanes at once (a rebuild of one
 * projection is otherwise bound by one transaction's pace); each lane writes one after the other,
 * in the order let go, and an aggregate always goes to the lane of its key, so writes that could
 * touch the same rows never run at once nor out of order.
 */
export class CarriedFolds<State, Event> implements BulkLoader {
  /** In order of last touch, least recent first (a Map keeps insertion order). */
  private readonly held = new Map<string, Carried<State>>();
  /**
   * Let go and handed to `writeBehind`, not committed yet: the rows they will be. An aggregate
   * touched again meanwhile is taken from here, never read back (the read could miss the write).
   */
  private readonly writing = new Map<string, StoredAggregate<State>>();
  /**
   * Per lane, its writes behind, oldest first, run one after the other; each settles (never
   * rejects) when it is done.
   */
  private readonly lanes: Array<Array<Promise<void>>>;
  private failure: { error: unknown } | undefined;
  private readonly carried: number;
  private readonly writeBehind: BulkLoaderOptions['writeBehind'];

  constructor(
    private readonly folding: AggregateFolding<State, Event>,
    private readonly write: WriteTouched<State>,
    options: BulkLoaderOptions,
    private readonly laneKey?: LaneKey<State>,
  ) {
    if (!Number.isInteger(options.carried) || options.carried < 0) throw new RangeError(`carried must be a whole number >= 0, not ${options.carried}`);
    const writeLanes = options.writeLanes ?? 1;
    if (!Number.isInteger(writeLanes) || writeLanes < 1) throw new RangeError(`writeLanes must be a whole number >= 1, not ${writeLanes}`);
    this.carried = options.carried;
    this.writeBehind = options.writeBehind;
    this.lanes = Array.from({ length: laneKey && options.writeBehind ? writeLanes : 1 }, () => []);
  }

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    this.throwIfFailed();
    const byId = eventsByAggregate(this.folding.kind, events);
    // Only aggregates neither held nor being written are read back: those written earlier, or never
    // seen. What is being written is taken now: its write may end while the others are read.
    const beingWritten = new Map<string, StoredAggregate<State>>();
    const toRead: string[] = [];
    for (const id of byId.keys()) {
      if (this.held.has(id)) continue;
      const writing = this.writing.get(id);
      if (writing) beingWritten.set(id, writing);
      else toRead.push(id);
    }
    const stored = await loadStored<State>(tx, this.folding.table, toRead, this.folding.restore);
    for (const [id, streamEvents] of byId) {
      const held = this.held.get(id);
      const written = held ? held.written : (beingWritten.get(id) ?? stored.get(id) ?? null);
      const folded = foldStream(this.folding, id, held ? held.folded : written, streamEvents);
      if (!folded) continue;
      this.held.delete(id);
      this.held.set(id, { written, folded });
    }
    if (this.held.size > this.carried) await this.writeOut(tx, this.held.size - this.carried);
  }

  async caughtUp(writesBehind = 0): Promise<void> {
    for (const lane of this.lanes) while (lane.length > writesBehind) await lane[0];
    this.throwIfFailed();
  }

  letGoAll(): void {
    this.throwIfFailed();
    // Without writes behind, `flush` writes what is held in its own transaction.
    if (this.writeBehind) this.writeBehindInLanes(this.writeBehind, this.letGo(this.held.size));
  }

  async flush(tx: SqlExecutor): Promise<void> {
    await this.caughtUp();
    const touched = this.letGo(this.held.size);
    if (touched.length > 0) await this.write(tx, touched);
  }

  /** Writes the `count` least recently touched aggregates (behind the batches when it may) and forgets them. */
  private async writeOut(tx: SqlExecutor, count: number): Promise<void> {
    const touched = this.letGo(count);
    if (!this.writeBehind) {
      if (touched.length > 0) await this.write(tx, touched);
      return;
    }
    this.writeBehindInLanes(this.writeBehind, touched);
  }

  /** Hands aggregates let go to the writes behind, each to the lane of its key. */
  private writeBehindInLanes(writeBehind: NonNullable<BulkLoaderOptions['writeBehind']>, touched: Array<TouchedAggregate<State>>): void {
    if (touched.length === 0) return;
    for (const { id, after } of touched) this.writing.set(id, after);
    for (const [lane, part] of this.byLane(touched)) {
      const previous = lane.at(-1) ?? Promise.resolve();
      const done: Promise<void> = previous.then(async () => {
        try {
          if (!this.failure) await writeBehind((behindTx) => this.write(behindTx, part));
          for (const { id, after } of part) if (this.writing.get(id) === after) this.writing.delete(id);
        } catch (error) {
          this.failure ??= { error };
        } finally {
          lane.shift();
        }
      });
      lane.push(done);
    }
  }

  /** The aggregates let go, split by the lane of their key (in the order let go within each). */
  private byLane(touched: Array<TouchedAggregate<State>>): Map<Array<Promise<void>>, Array<TouchedAggregate<State>>> {
    const laneKey = this.laneKey;
    if (this.lanes.length === 1 || !laneKey) return new Map([[this.lanes[0], touched]]);
    const parts = new Map<Array<Promise<void>>, Array<TouchedAggregate<State>>>();
    for (const aggregate of touched) {
      const lane = this.lanes[hashOf(laneKey(aggregate.after)) % this.lanes.length];
      const part = parts.get(lane);
      if (part) part.push(aggregate);
      else parts.set(lane, [aggregate]);
    }
    return parts;
  }

  /** The `count` least recently touched aggregates, no longer held. */
  private letGo(count: number): Array<TouchedAggregate<State>> {
    const touched: Array<TouchedAggregate<State>> = [];
    for (const [id, { written, folded }] of this.held) {
      if (touched.length === count) break;
      touched.push({ id, before: written, after: folded });
    }
    for (const { id } of touched) this.held.delete(id);
    return touched;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** FNV-1a of a string's UTF-16 code units: spreads keys over lanes, the same for a key every time. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
