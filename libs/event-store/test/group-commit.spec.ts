import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  decodeCheckpoint,
  IdempotencyKeyReusedError,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '@app/event-store';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../../test/support/test-databases.js';
import { newEvent } from './event-store.contract.js';

const events = (count: number, type = 'Noted') => Array.from({ length: count }, (_, n) => newEvent(type, { n }));
const transactionOf = (result: AppendResult) => decodeCheckpoint(result.checkpoint).transactionId;

/** Settles every append, in order, into its result or its error. */
function settle(appends: Array<Promise<AppendResult>>) {
  return Promise.all(appends.map((append) => append.then((value) => ({ value }), (error: unknown) => ({ error }))));
}

for (const backend of TEST_BACKENDS) {
  describe(`PostgresEventStore on ${backend}: group commit`, () => {
    let test: TestDatabase;
    let other: PostgresEventStore;

    beforeAll(async () => {
      test = await openTestDatabase(backend);
      other = new PostgresEventStore(test.database);
    });
    afterAll(() => test.drop());

    /** A store that writes one group at a time, so appends made while one is written leave together. */
    const oneWriteAtATime = () => new PostgresEventStore(test.database, { groupCommit: { maxInFlight: 1 } });

    async function streamAt(store: PostgresEventStore, count: number): Promise<string> {
      const stream = `group-${randomUUID()}`;
      await store.appendToStream(stream, events(count), { expectedRevision: 'no_stream' });
      return stream;
    }

    it('commits appends that arrive while another is written as one transaction, each with its own outcome', async () => {
      const store = oneWriteAtATime();
      const existing = await streamAt(store, 1);
      const longer = await streamAt(store, 2);
      const movedElsewhere = await streamAt(store, 1);
      await other.appendToStream(movedElsewhere, events(1), { expectedRevision: 0 });
      const createdElsewhere = await streamAt(other, 1);
      const [fresh, freshMany, first] = [`group-${randomUUID()}`, `group-${randomUUID()}`, `group-${randomUUID()}`];

      const attempts: Array<[string, NewEvent[], ExpectedRevision]> = [
        [first, events(1), 'no_stream'], // written alone: the others gather behind it
        [fresh, events(1), 'no_stream'],
        [freshMany, events(3), 'no_stream'],
        [existing, events(1), 0],
        [longer, events(2), 1],
        [movedElsewhere, events(1), 0], // this store's head is stale: refused by the compare-and-set
        [createdElsewhere, events(1), 'no_stream'], // exists already: refused
      ];
      const outcomes = await settle(attempts.map(([stream, batch, expectedRevision]) => store.appendToStream(stream, batch, { expectedRevision })));

      const [alone, ...grouped] = outcomes.slice(0, 5).map((outcome) => {
        if (!('value' in outcome)) throw outcome.error as Error;
        return outcome.value;
      });
      expect(grouped.map((result) => result.nextExpectedRevision)).toEqual([0, 2, 1, 3]);
      const groupTransactions = new Set(grouped.map(transactionOf));
      expect(groupTransactions.size).toBe(1);
      expect(groupTransactions.has(transactionOf(alone))).toBe(false);
      expect(outcomes[5]).toMatchObject({ error: expect.any(WrongExpectedRevisionError) });
      expect((outcomes[5] as { error: WrongExpectedRevisionError }).error.actualRevision).toBe(1);
      expect((outcomes[6] as { error: WrongExpectedRevisionError }).error.actualRevision).toBe(0);

      // What each caller was told is what is stored, and every chain verifies.
      for (const [index, [stream]] of attempts.entries()) {
        const stored = await store.readStream(stream);
        const expectedCount = [1, 1, 3, 2, 4, 2, 1][index];
        expect(stored).toHaveLength(expectedCount);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: expectedCount });
        if (index < 5) {
          const last = stored[stored.length - 1];
          const result = index === 0 ? alone : grouped[index - 1];
          expect(result).toMatchObject({ checkpoint: last.checkpoint, headHash: last.hash, globalPosition: last.globalPosition });
        }
      }
      // Within the group, positions follow revisions in every stream (the commit order readers see).
      const ofGroup = (await store.readAll({ limit: 10_000 })).events.filter((event) => transactionOf({ checkpoint: event.checkpoint } as AppendResult) === [...groupTransactions][0]);
      expect(ofGroup).toHaveLength(7);
      for (const stream of [fresh, freshMany, existing, longer]) {
        const revisions = ofGroup.filter((event) => event.stream === stream).map((event) => event.revision);
        expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      }
    });

    it('writes a group that fails as a whole again append by append: only the faulty append fails', async () => {
      const store = oneWriteAtATime();
      const recorded = newEvent('Noted', { n: 0 });
      await other.appendToStream(`group-${randomUUID()}`, [recorded], { expectedRevision: 'no_stream' });
      const streams = Array.from({ length: 4 }, () => `group-${randomUUID()}`);
      const outcomes = await settle([
        store.appendToStream(`group-${randomUUID()}`, events(1), { expectedRevision: 'no_stream' }),
        store.appendToStream(streams[0], events(1), { expectedRevision: 'no_stream' }),
        // An event id recorded in another stream: the shared statement fails on it.
        store.appendToStream(streams[1], [{ ...recorded, data: { n: 1 } }], { expectedRevision: 'no_stream' }),
        store.appendToStream(streams[2], events(2), { expectedRevision: 'no_stream' }),
        store.appendToStream(streams[3], events(1), { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes[2]).toMatchObject({ error: expect.any(IdempotencyKeyReusedError) });
      for (const index of [0, 1, 3, 4]) expect(outcomes[index]).toMatchObject({ value: { idempotentReplay: false } });
      expect(await store.readStream(streams[1])).toEqual([]);
      expect((await store.readStream(streams[2])).map((event) => event.revision)).toEqual([0, 1]);
      // The refused stream was not created: it can still be started.
      await expect(store.appendToStream(streams[1], events(1), { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
    });

    it('lets one of many writers racing on one stream win; the others are refused, and the chain holds', async () => {
      const store = new PostgresEventStore(test.database);
      const stream = await streamAt(store, 1);
      const outcomes = await settle(Array.from({ length: 8 }, () => store.appendToStream(stream, events(1), { expectedRevision: 0 })));
      expect(outcomes.filter((outcome) => 'value' in outcome)).toHaveLength(1);
      for (const outcome of outcomes.filter((candidate) => 'error' in candidate)) {
        expect(outcome).toMatchObject({ error: expect.any(WrongExpectedRevisionError) });
      }
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 2 });
    });

    it('records every append of many concurrent writers exactly once, in fewer transactions than appends', async () => {
      const store = new PostgresEventStore(test.database);
      const writers = Array.from({ length: 24 }, () => `group-${randomUUID()}`);
      const results: AppendResult[] = [];
      await Promise.all(
        writers.map(async (stream) => {
          for (let revision = 0; revision < 5; revision++) {
            results.push(await store.appendToStream(stream, events(1), { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 }));
          }
        }),
      );
      expect(results).toHaveLength(120);
      expect(new Set(results.map(transactionOf)).size).toBeLessThan(120);
      for (const stream of writers) await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 5 });
      const { rows } = await test.database.query<{ count: string }>(`SELECT count(*)::text AS count FROM events WHERE stream_id = ANY($1)`, [writers]);
      expect(Number(rows[0].count)).toBe(120);
    });
  });
}
