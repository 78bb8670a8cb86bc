import type { RecordedEvent, SqlExecutor } from '@app/event-store';
import type { BulkLoader, BulkLoaderOptions, Projection } from '../../projections/projection.js';
import { eventsByAggregate, foldBatch, foldStream, loadStored, type AggregateFolding, type StoredAggregate, type TouchedAggregate } from './aggregate-batch.js';

/**
 * Writes the rows of the aggregates a batch changed: the view row and everything derived from it.
 * `before` is the row as stored (null: none yet), so counters kept by delta stay exact.
 */
export type WriteTouched<State> = (tx: SqlExecutor, touched: ReadonlyArray<TouchedAggregate<State>>) => Promise<void>;

export interface AggregateProjectionDefinition<State, Event> extends Pick<Projection, 'name' | 'eventTypes' | 'tables' | 'lookupIndexes'> {
  folding: AggregateFolding<State, Event>;
  write: WriteTouched<State>;
}

/**
 * A projection of one aggregate kind: each batch folds the aggregates it names onto their stored
 * rows and writes them (`apply`); a rebuild folds across batches and writes each aggregate once
 * (`bulkLoader`). Both write through the same `write`, so a rebuild's rows equal the live ones.
 */
export function aggregateProjection<State, Event>({ folding, write, ...identity }: AggregateProjectionDefinition<State, Event>): Projection {
  return {
    ...identity,
    async apply(tx, events) {
      const touched = await foldBatch(tx, folding, events);
      if (touched.length > 0) await write(tx, touched);
    },
    bulkLoader: (options) => new CarriedFolds(folding, write, options),
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
 * Given `writeBehind` (PostgreSQL), what it lets go is written there, in order, while the batches
 * go on: the writes, most of a rebuild's work in PostgreSQL, no longer wait for the next page's
 * folding, nor it for them.
 */
export class CarriedFolds<State, Event> implements BulkLoader {
  /** In order of last touch, least recent first (a Map keeps insertion order). */
  private readonly held = new Map<string, Carried<State>>();
  /**
   * Let go and handed to `writeBehind`, not committed yet: the rows they will be. An aggregate
   * touched again meanwhile is taken from here, never read back (the read could miss the write).
   */
  private readonly writing = new Map<string, StoredAggregate<State>>();
  /** The writes behind, oldest first, run one after the other; each settles (never rejects) when it is done. */
  private readonly behind: Array<Promise<void>> = [];
  private failure: { error: unknown } | undefined;
  private readonly carried: number;
  private readonly writeBehind: BulkLoaderOptions['writeBehind'];

  constructor(
    private readonly folding: AggregateFolding<State, Event>,
    private readonly write: WriteTouched<State>,
    options: BulkLoaderOptions,
  ) {
    if (!Number.isInteger(options.carried) || options.carried < 0) throw new RangeError(`carried must be a whole number >= 0, not ${options.carried}`);
    this.carried = options.carried;
    this.writeBehind = options.writeBehind;
  }

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    this.throwIfFailed();
    const byId = eventsByAggregate(this.folding.kind, events);
    // Only aggregates neither held nor being written are read back: those written earlier, or never seen.
    const stored = await loadStored<State>(
      tx,
      this.folding.table,
      [...byId.keys()].filter((id) => !this.held.has(id) && !this.writing.has(id)),
    );
    for (const [id, streamEvents] of byId) {
      const held = this.held.get(id);
      const written = held ? held.written : (this.writing.get(id) ?? stored.get(id) ?? null);
      const folded = foldStream(this.folding, id, held ? held.folded : written, streamEvents);
      if (!folded) continue;
      this.held.delete(id);
      this.held.set(id, { written, folded });
    }
    if (this.held.size > this.carried) await this.writeOut(tx, this.held.size - this.carried);
  }

  async caughtUp(writesBehind = 0): Promise<void> {
    while (this.behind.length > writesBehind) await this.behind[0];
    this.throwIfFailed();
  }

  async flush(tx: SqlExecutor): Promise<void> {
    await this.caughtUp();
    const touched = this.letGo(this.held.size);
    if (touched.length > 0) await this.write(tx, touched);
  }

  /** Writes the `count` least recently touched aggregates (behind the batches when it may) and forgets them. */
  private async writeOut(tx: SqlExecutor, count: number): Promise<void> {
    const touched = this.letGo(count);
    if (touched.length === 0) return;
    const writeBehind = this.writeBehind;
    if (!writeBehind) {
      await this.write(tx, touched);
      return;
    }
    for (const { id, after } of touched) this.writing.set(id, after);
    const previous = this.behind.at(-1) ?? Promise.resolve();
    const done: Promise<void> = previous.then(async () => {
      try {
        if (!this.failure) await writeBehind((behindTx) => this.write(behindTx, touched));
        for (const { id, after } of touched) if (this.writing.get(id) === after) this.writing.delete(id);
      } catch (error) {
        this.failure ??= { error };
      } finally {
        this.behind.shift();
      }
    });
    this.behind.push(done);
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
