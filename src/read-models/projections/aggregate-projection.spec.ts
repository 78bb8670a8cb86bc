import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RecordedEvent, SqlExecutor } from '@app/event-store';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../../test/support/test-databases.js';
import { upsertRows, type AggregateFolding, type TouchedAggregate } from './aggregate-batch.js';
import { aggregateProjection, CarriedFolds } from './aggregate-projection.js';

/** A folding whose state is the list of event types it saw, stored in `organization_view` (a real table). */
interface Seen {
  types: string[];
}
const folding: AggregateFolding<Seen, { type: string }> = {
  kind: 'organization',
  table: 'organization_view',
  initialState: () => ({ types: [] }),
  evolve: (state, event) => ({ types: [...state.types, event.type] }),
};

let position = 0;
function recorded(id: string, revision: number): RecordedEvent {
  position += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    stream: `organization-${id}`,
    revision,
    globalPosition: position,
    checkpoint: String(position),
    type: `${id}${revision}`,
    schemaVersion: 1,
    data: {},
    metadata: { actor: { subject: 'tester', organizationId: id } } as RecordedEvent['metadata'],
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, position)).toISOString(),
    recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, position)).toISOString(),
    previousHash: null,
    hash: `h${position}`,
  };
}

/** What each write was handed: id, the revision stored before (null: no row), the revision after. */
type Write = [id: string, before: number | null, after: number];

describe.each(TEST_BACKENDS)('CarriedFolds (%s)', (backend) => {
  let test: TestDatabase;
  let writes: Write[][];

  async function write(tx: SqlExecutor, touched: ReadonlyArray<TouchedAggregate<Seen>>): Promise<void> {
    writes.push(touched.map(({ id, before, after }) => [id, before?.streamRevision ?? null, after.streamRevision]));
    await upsertRows(
      tx,
      'organization_view',
      { id: 'text', name: 'text', status: 'text', roles: 'text[]', state: 'json', marks: 'jsonb', stream_revision: 'bigint', created_at: 'timestamptz', updated_at: 'timestamptz' },
      ['id'],
      touched.map(({ after }) => ({
        id: after.id,
        name: after.id,
        status: 'ACTIVE',
        roles: [],
        state: after.state,
        marks: after.marks,
        stream_revision: after.streamRevision,
        created_at: after.createdAt,
        updated_at: after.updatedAt,
      })),
    );
  }

  async function rows(): Promise<Array<{ id: string; types: string[]; revision: string; created: string; updated: string }>> {
    const { rows: stored } = await test.database.query<{ id: string; types: string[]; revision: string; created: string; updated: string }>(
      `SELECT id, state->'types' AS types, stream_revision::text AS revision, created_at::text AS created, updated_at::text AS updated
         FROM organization_view ORDER BY id`,
    );
    return stored;
  }

  /**
   * Applies batches through a loader, then flushes, each step in a transaction of its own, as a
   * rebuild does; `behind`: what it lets go is written in transactions of their own, as on PostgreSQL.
   */
  async function load(carried: number, batches: RecordedEvent[][], behind = false, writeLanes = 1): Promise<void> {
    const loader = new CarriedFolds(folding, write, { carried, writeBehind: behind ? (work) => test.database.transaction(work) : undefined, writeLanes }, ({ id }) => id);
    for (const batch of batches) await test.database.transaction((tx) => loader.apply(tx, batch));
    loader.letGoAll();
    await loader.caughtUp();
    await test.database.transaction((tx) => loader.flush(tx));
  }

  const a = [0, 1, 2].map((revision) => recorded('a', revision));
  const b = [0, 1].map((revision) => recorded('b', revision));
  const batches = [[a[0], b[0]], [a[1]], [b[1], a[2]]];

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    writes = [];
  });

  afterEach(async () => {
    await test.drop();
  });

  it('writes each aggregate once, at the flush, when it may hold them all', async () => {
    await load(10, batches);
    // Least recently touched first: the last page touched b, then a.
    expect(writes).toEqual([[['b', null, 1], ['a', null, 2]]]);
    const stored = await rows();
    expect(stored.map(({ id, types, revision }) => ({ id, types, revision }))).toEqual([
      { id: 'a', types: ['a0', 'a1', 'a2'], revision: '2' },
      { id: 'b', types: ['b0', 'b1'], revision: '1' },
    ]);
  });

  it('writes the least recently touched first when it holds too many, and folds a written one onto its row when touched again', async () => {
    await load(1, batches);
    expect(writes).toEqual([
      [['a', null, 0]],
      [['b', null, 0]],
      [['b', 0, 1]],
      [['a', 0, 2]],
    ]);
    expect((await rows()).map(({ id, types }) => ({ id, types }))).toEqual([
      { id: 'a', types: ['a0', 'a1', 'a2'] },
      { id: 'b', types: ['b0', 'b1'] },
    ]);
  });

  it('leaves the same rows as applying batch by batch, whatever it may hold, written in its batches or behind them', async () => {
    const projection = aggregateProjection({ name: 'seen', eventTypes: [], tables: ['organization_view'], folding, write });
    for (const batch of batches) await test.database.transaction((tx) => projection.apply(tx, batch));
    const byBatch = await rows();
    for (const [behind, lanes] of [[false, 1], [true, 1], [true, 2], [true, 3]] as const) {
      for (const carried of [0, 1, 2, 10]) {
        await test.database.query(`DELETE FROM organization_view`);
        await load(carried, batches, behind, lanes);
        expect({ behind, lanes, carried, rows: await rows() }).toEqual({ behind, lanes, carried, rows: byBatch });
      }
    }
  });

  it('skips events at or below the stored revision, as apply does, so a replayed page changes nothing', async () => {
    await load(0, batches);
    writes = [];
    await load(0, [[a[1], b[0]], [a[2]]]);
    expect(writes).toEqual([]);
    expect((await rows()).map(({ id, revision }) => ({ id, revision }))).toEqual([
      { id: 'a', revision: '2' },
      { id: 'b', revision: '1' },
    ]);
  });

  describe('writing behind its batches', () => {
    /** A lane of transactions that wait for `open()` before they start, as a busy PostgreSQL would make them. */
    function gatedLane() {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const writeBehind = (work: (tx: SqlExecutor) => Promise<void>) => gate.then(() => test.database.transaction(work));
      return { writeBehind, open };
    }

    it('lets PostgreSQL write what it lets go while it folds on, folding an aggregate touched again from what is being written', async () => {
      const lane = gatedLane();
      const loader = new CarriedFolds(folding, write, { carried: 0, writeBehind: lane.writeBehind });
      await test.database.transaction((tx) => loader.apply(tx, [a[0], b[0]]));
      // a's first write has not started: a read of its row would find none.
      await test.database.transaction((tx) => loader.apply(tx, [a[1]]));
      expect(await rows()).toEqual([]);
      let caughtUp = false;
      const waiting = loader.caughtUp(0).then(() => {
        caughtUp = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(caughtUp).toBe(false);
      lane.open();
      await waiting;
      await test.database.transaction((tx) => loader.apply(tx, [a[2], b[1]]));
      await loader.caughtUp();
      await test.database.transaction((tx) => loader.flush(tx));
      // In order, each with the row the previous one left as `before`.
      expect(writes).toEqual([[['a', null, 0], ['b', null, 0]], [['a', 0, 1]], [['a', 1, 2], ['b', 0, 1]]]);
      expect((await rows()).map(({ id, types, revision }) => ({ id, types, revision }))).toEqual([
        { id: 'a', types: ['a0', 'a1', 'a2'], revision: '2' },
        { id: 'b', types: ['b0', 'b1'], revision: '1' },
      ]);
    });

    it('folds an aggregate from what was being written when the batch began, also when that write ends while the batch reads', async () => {
      const lane = gatedLane();
      const loader = new CarriedFolds(folding, write, { carried: 0, writeBehind: lane.writeBehind });
      await test.database.transaction((tx) => loader.apply(tx, [a[0]]));
      // The batch reads b back (never seen); a's write behind ends meanwhile. (Outside a transaction:
      // PGlite runs one at a time, and the write behind needs one.)
      const racing: SqlExecutor = {
        query: async <Row>(text: string, params?: unknown[]) => {
          lane.open();
          await loader.caughtUp();
          return test.database.query<Row>(text, params);
        },
      };
      await loader.apply(racing, [a[1], b[0]]);
      await loader.caughtUp();
      await test.database.transaction((tx) => loader.flush(tx));
      expect((await rows()).map(({ id, types }) => ({ id, types }))).toEqual([
        { id: 'a', types: ['a0', 'a1'] },
        { id: 'b', types: ['b0'] },
      ]);
    });

    describe('in lanes', () => {
      const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
      const page = (revision: number) => ids.map((id) => recorded(id, revision));

      /** Writes behind that wait at a gate once started; counts how many ran at once at most. */
      function countingLane() {
        const lane = gatedLane();
        let running = 0;
        let most = 0;
        const writeBehind = async (work: (tx: SqlExecutor) => Promise<void>) => {
          running += 1;
          most = Math.max(most, running);
          try {
            await lane.writeBehind(work);
          } finally {
            running -= 1;
          }
        };
        return { writeBehind, open: lane.open, most: () => most };
      }

      it('writes aggregates of different keys at once, up to one write per lane', async () => {
        const lane = countingLane();
        const loader = new CarriedFolds(folding, write, { carried: 0, writeBehind: lane.writeBehind, writeLanes: 2 }, ({ id }) => id);
        await test.database.transaction((tx) => loader.apply(tx, page(0)));
        await test.database.transaction((tx) => loader.apply(tx, page(1)));
        await new Promise((resolve) => setImmediate(resolve));
        expect(lane.most()).toBe(2);
        lane.open();
        await loader.caughtUp();
        await test.database.transaction((tx) => loader.flush(tx));
        // Each aggregate written twice, the second time onto the first: its writes kept their order.
        const byAggregate = new Map<string, Write[]>();
        for (const written of writes.flat()) byAggregate.set(written[0], [...(byAggregate.get(written[0]) ?? []), written]);
        expect(Object.fromEntries(byAggregate)).toEqual(Object.fromEntries(ids.map((id) => [id, [[id, null, 0], [id, 0, 1]]])));
        expect((await rows()).map(({ id, revision }) => `${id}${revision}`)).toEqual(ids.map((id) => `${id}1`));
      });

      it('never writes two aggregates of one key at once, nor without a lane key', async () => {
        for (const laneKey of [() => 'one use case', undefined]) {
          const lane = countingLane();
          const loader = new CarriedFolds(folding, write, { carried: 0, writeBehind: lane.writeBehind, writeLanes: 4 }, laneKey);
          await test.database.transaction((tx) => loader.apply(tx, page(0)));
          await test.database.transaction((tx) => loader.apply(tx, page(1)));
          await new Promise((resolve) => setImmediate(resolve));
          lane.open();
          await loader.caughtUp();
          expect(lane.most()).toBe(1);
          await test.database.query(`DELETE FROM organization_view`);
        }
      });

      it('lets go of everything it holds into its lanes at the end, written at once, so that flush has nothing left', async () => {
        const lane = countingLane();
        const loader = new CarriedFolds(folding, write, { carried: 100, writeBehind: lane.writeBehind, writeLanes: 2 }, ({ id }) => id);
        await test.database.transaction((tx) => loader.apply(tx, page(0)));
        expect(writes).toEqual([]);
        loader.letGoAll();
        await new Promise((resolve) => setImmediate(resolve));
        expect(lane.most()).toBe(2);
        lane.open();
        await loader.caughtUp();
        expect(writes).toHaveLength(2);
        expect(writes.flat().map(([id]) => id).sort()).toEqual(ids);
        await test.database.transaction((tx) => loader.flush(tx));
        expect(writes).toHaveLength(2);
        expect((await rows()).map(({ id, revision }) => `${id}${revision}`)).toEqual(ids.map((id) => `${id}0`));
      });

      it('waits in caughtUp for every lane', async () => {
        const lane = gatedLane();
        const loader = new CarriedFolds(folding, write, { carried: 0, writeBehind: lane.writeBehind, writeLanes: 2 }, ({ id }) => id);
        await test.database.transaction((tx) => loader.apply(tx, page(0)));
        let caughtUp = false;
        const waiting = loader.caughtUp().then(() => {
          caughtUp = true;
        });
        await new Promise((resolve) => setImmediate(resolve));
        expect(caughtUp).toBe(false);
        lane.open();
        await waiting;
        expect((await rows()).map(({ id }) => id)).toEqual(ids);
      });
    });

    it('fails the next batch, caughtUp and flush once a write behind has failed', async () => {
      const loader = new CarriedFolds(folding, write, { carried: 0, writeBehind: () => Promise.reject(new Error('disk full')) });
      await test.database.transaction((tx) => loader.apply(tx, [a[0]]));
      await expect(loader.caughtUp()).rejects.toThrow('disk full');
      await expect(test.database.transaction((tx) => loader.apply(tx, [a[1]]))).rejects.toThrow('disk full');
      await expect(test.database.transaction((tx) => loader.flush(tx))).rejects.toThrow('disk full');
      expect(await rows()).toEqual([]);
    });
  });

  it('refuses a capacity or a number of lanes that is not a whole number (lanes: at least one)', () => {
    expect(() => new CarriedFolds(folding, write, { carried: -1 })).toThrow(RangeError);
    expect(() => new CarriedFolds(folding, write, { carried: 1.5 })).toThrow(RangeError);
    expect(() => new CarriedFolds(folding, write, { carried: 1, writeLanes: 0 })).toThrow(RangeError);
    expect(() => new CarriedFolds(folding, write, { carried: 1, writeLanes: 1.5 })).toThrow(RangeError);
  });
});
