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
 */
export class CarriedFolds<State, Event> implements BulkLoader {
  /** In order of last touch, least recent first (a Map keeps insertion order). */
  private readonly held = new Map<string, Carried<State>>();
  private readonly carried: number;

  constructor(
    private readonly folding: AggregateFolding<State, Event>,
    private readonly write: WriteTouched<State>,
    options: BulkLoaderOptions,
  ) {
    if (!Number.isInteger(options.carried) || options.carried < 0) throw new RangeError(`carried must be a whole number >= 0, not ${options.carried}`);
    this.carried = options.carried;
  }

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const byId = eventsByAggregate(this.folding.kind, events);
    // Only aggregates not held are read back: those written earlier, or never seen.
    const stored = await loadStored<State>(
      tx,
      this.folding.table,
      [...byId.keys()].filter((id) => !this.held.has(id)),
    );
    for (const [id, streamEvents] of byId) {
      const held = this.held.get(id);
      const written = held ? held.written : (stored.get(id) ?? null);
      const folded = foldStream(this.folding, id, held ? held.folded : written, streamEvents);
      if (!folded) continue;
      this.held.delete(id);
      this.held.set(id, { written, folded });
    }
    if (this.held.size > this.carried) await this.writeOut(tx, this.held.size - this.carried);
  }

  async flush(tx: SqlExecutor): Promise<void> {
    await this.writeOut(tx, this.held.size);
  }

  /** Writes the `count` least recently touched aggregates and forgets them. */
  private async writeOut(tx: SqlExecutor, count: number): Promise<void> {
    if (count === 0) return;
    const touched: Array<TouchedAggregate<State>> = [];
    for (const [id, { written, folded }] of this.held) {
      if (touched.length === count) break;
      touched.push({ id, before: written, after: folded });
    }
    await this.write(tx, touched);
    for (const { id } of touched) this.held.delete(id);
  }
}
