import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DomainError, type Decider } from '@app/domain';
import { PostgresEventStore, type EventStore, type NewEvent, type ReadStreamOptions } from '@app/event-store';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../test/support/test-databases.js';
import { FoldedStreams, handleCommand, keyDigest, RecordedKeys, StreamConflictError, type CommandContext } from './command-pipeline.js';

interface Tally {
  count: number;
  ops: string[];
}
interface Counted {
  type: 'Counted';
  data: { op: string; seen: number };
}

/** Records one event per command, carrying how many events the decision saw. */
const tallyDecider: Decider<{ op: string }, Counted, Tally> = {
  initialState: () => ({ count: 0, ops: [] }),
  evolve: (state, event) => ({ count: state.count + 1, ops: [...state.ops, event.data.op] }),
  decide: (command, state) => [{ type: 'Counted', data: { op: command.op, seen: state.count } }],
};

const actor = { subject: 'user-1', organizationId: 'acme-devices', roles: ['manufacturer' as const] };

function contextFor(idempotencyKey: string = randomUUID()): CommandContext {
  return { actor, now: new Date().toISOString(), idempotencyKey, correlationId: randomUUID(), causationId: null };
}

function counted(op: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'Counted',
    data: { op, seen: -1 },
    metadata: { actor, correlationId: randomUUID(), causationId: null, idempotencyKey: randomUUID() },
    occurredAt: new Date().toISOString(),
  };
}

/** The pipeline's store, recording its reads; `beforeFirstAppend` runs once, just before the pipeline's first append. */
function observed(store: EventStore, beforeFirstAppend: (events: NewEvent[]) => Promise<void>) {
  const reads: Array<ReadStreamOptions | undefined> = [];
  let appends = 0;
  const wrapped: EventStore = Object.create(store) as EventStore;
  wrapped.readStream = (stream, options) => {
    reads.push(options);
    return store.readStream(stream, options);
  };
  wrapped.appendToStream = async (stream, events, options) => {
    appends += 1;
    if (appends === 1) await beforeFirstAppend(events);
    return store.appendToStream(stream, events, options);
  };
  return { store: wrapped, reads };
}

/** Two distinct idempotency keys with the same digest (found by trying keys in turn: ~40,000 on average). */
function keysSharingADigest(): [string, string] {
  const seen = new Map<number, string>();
  for (let n = 0; ; n++) {
    const key = `acme-devices/user-1/${n}`;
    const digest = keyDigest(key);
    const earlier = seen.get(digest);
    if (earlier !== undefined) return [earlier, key];
    seen.set(digest, key);
  }
}

describe('RecordedKeys', () => {
  it('may hold every key added, and certainly not others but for a shared digest', () => {
    const keys = new RecordedKeys();
    const added = Array.from({ length: 200 }, () => `acme-devices/user-1/${randomUUID()}`);
    for (const key of added) keys.add(key);
    expect(added.every((key) => keys.mayHold(key))).toBe(true);
    const others = Array.from({ length: 200 }, () => `acme-devices/user-1/${randomUUID()}`);
    expect(others.filter((key) => keys.mayHold(key))).toEqual([]);
    const [recorded, colliding] = keysSharingADigest();
    expect(recorded).not.toBe(colliding);
    expect(new RecordedKeys().add(recorded).mayHold(colliding)).toBe(true);
  });

  it('digests a key into a small non-negative integer', () => {
    const digests = Array.from({ length: 1_000 }, () => keyDigest(randomUUID()));
    expect(digests.every((digest) => Number.isInteger(digest) && digest >= 0 && digest < 2 ** 30)).toBe(true);
    expect(new Set(digests).size).toBeGreaterThan(990);
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`handleCommand on ${backend}`, () => {
    let test: TestDatabase;
    let store: PostgresEventStore;
    let other: PostgresEventStore;

    beforeAll(async () => {
      test = await openTestDatabase(backend);
      store = new PostgresEventStore(test.database);
      other = new PostgresEventStore(test.database);
    });
    afterAll(() => test.drop());

    async function streamWith(ops: string[]): Promise<string> {
      const stream = `tally-${randomUUID()}`;
      await other.appendToStream(stream, ops.map(counted), { expectedRevision: 'no_stream' });
      return stream;
    }

    it('reads only the events after those it folded, and decides on the whole stream', async () => {
      const stream = await streamWith(['a', 'b', 'c']);
      const { store: pipelineStore, reads } = observed(store, async () => {
        await other.appendToStream(stream, [counted('d')], { expectedRevision: 2 });
      });
      const result = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'mine' }, contextFor(), { recomputeOnConflict: true });
      expect(reads).toEqual([undefined, { fromRevision: 3 }]);
      expect(result).toMatchObject({ streamRevision: 4, idempotentReplay: false, events: [{ data: { op: 'mine', seen: 4 } }] });
      expect(result.state).toEqual({ count: 5, ops: ['a', 'b', 'c', 'd', 'mine'] });
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 5 });
    });

    it('answers from the record when a concurrent run of the same command won, folding only up to it', async () => {
      const stream = await streamWith(['a', 'b', 'c']);
      const context = contextFor();
      const { store: pipelineStore, reads } = observed(store, async (events) => {
        // The same command, retried by the client, committed first; then someone else appended.
        await other.appendToStream(stream, events, { expectedRevision: 2 });
        await other.appendToStream(stream, [counted('later')], { expectedRevision: 3 });
      });
      const result = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'mine' }, context, { recomputeOnConflict: false });
      expect(reads).toEqual([undefined, { fromRevision: 3 }]);
      expect(result).toMatchObject({ streamRevision: 3, idempotentReplay: true, events: [{ data: { op: 'mine', seen: 3 } }] });
      expect(result.state).toEqual({ count: 4, ops: ['a', 'b', 'c', 'mine'] });
      expect(await store.readStream(stream)).toHaveLength(5);

      // A later retry of the same command reads the whole stream once and answers the same.
      const again = await handleCommand(store, tallyDecider, stream, { op: 'mine' }, context, { recomputeOnConflict: true });
      expect(again).toEqual(result);
    });

    it('reads the whole stream again when the events after those it folded do not link to them', async () => {
      const stream = await streamWith(['a', 'b', 'c']);
      const { store: pipelineStore, reads } = observed(store, async () => {
        // The stream is replaced by a longer one: the events after revision 2 belong to another chain.
        await test.database.query(`DELETE FROM events WHERE stream_id = $1`, [stream]);
        await test.database.query(`DELETE FROM streams WHERE stream_id = $1`, [stream]);
        await other.appendToStream(stream, ['v', 'w', 'x', 'y', 'z'].map(counted), { expectedRevision: 'no_stream' });
      });
      const result = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'mine' }, contextFor(), { recomputeOnConflict: true });
      expect(reads).toEqual([undefined, { fromRevision: 3 }, undefined]);
      expect(result.state).toEqual({ count: 6, ops: ['v', 'w', 'x', 'y', 'z', 'mine'] });
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 6 });
    });

    it('reports the conflict with the actual revision when recomputing is not safe', async () => {
      const stream = await streamWith(['a']);
      const { store: pipelineStore } = observed(store, async () => {
        await other.appendToStream(stream, [counted('b'), counted('c')], { expectedRevision: 0 });
      });
      const outcome = handleCommand(pipelineStore, tallyDecider, stream, { op: 'mine' }, contextFor(), { recomputeOnConflict: false });
      await expect(outcome).rejects.toBeInstanceOf(StreamConflictError);
      await expect(outcome).rejects.toMatchObject({ actualRevision: 2 });
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('recomputes on a stream created concurrently, reading it whole', async () => {
      const stream = `tally-${randomUUID()}`;
      const { store: pipelineStore, reads } = observed(store, async () => {
        await other.appendToStream(stream, [counted('first')], { expectedRevision: 'no_stream' });
      });
      const result = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'mine' }, contextFor(), { recomputeOnConflict: true });
      expect(reads).toEqual([undefined, undefined]);
      expect(result.state).toEqual({ count: 2, ops: ['first', 'mine'] });
    });

    describe('streams remembered between commands', () => {
      const never = async () => undefined;
      /**
       * Lets a stream's last turn end: its caller resumes before the turn loop does, and a command
       * sent then would still join that loop (as the next turn, at once) instead of opening its own.
       */
      const turnsEnded = () => new Promise<void>((resolve) => setImmediate(resolve));

      it('reads only what was recorded since, including another process\'s events, and decides on the whole stream', async () => {
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        const { store: pipelineStore, reads } = observed(store, never);
        await handleCommand(pipelineStore, tallyDecider, stream, { op: 'one' }, contextFor(), { recomputeOnConflict: true }, remembered);
        await handleCommand(pipelineStore, tallyDecider, stream, { op: 'two' }, contextFor(), { recomputeOnConflict: true }, remembered);
        await other.appendToStream(stream, [counted('elsewhere')], { expectedRevision: 1 });
        const third = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'three' }, contextFor(), { recomputeOnConflict: true }, remembered);
        // The first reads the stream whole (it was empty); the second decides on what the first
        // recorded without reading; the third does too, is refused by the compare-and-set (another
        // process appended), and reads only what followed the second's event.
        expect(reads).toEqual([undefined, { fromRevision: 2 }]);
        expect(third.state).toEqual({ count: 4, ops: ['one', 'two', 'elsewhere', 'three'] });
        const events = await store.readStream(stream);
        expect(events.map((event) => (event.data as Counted['data']).seen)).toEqual([0, 1, -1, 3]);
      });

      it('answers a retried command from its record, not by deciding again', async () => {
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        const context = contextFor();
        const first = await handleCommand(store, tallyDecider, stream, { op: 'once' }, context, { recomputeOnConflict: true }, remembered);
        await handleCommand(store, tallyDecider, stream, { op: 'later' }, contextFor(), { recomputeOnConflict: true }, remembered);
        const retried = await handleCommand(store, tallyDecider, stream, { op: 'once' }, context, { recomputeOnConflict: true }, remembered);
        expect(retried.idempotentReplay).toBe(true);
        expect(retried.events).toEqual(first.events);
        expect(retried.state).toEqual({ count: 1, ops: ['once'] });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('decides a new command whose key shares a digest with a recorded one, after reading its stream', async () => {
        const [recorded, colliding] = keysSharingADigest();
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        await handleCommand(store, tallyDecider, stream, { op: 'recorded' }, contextFor(recorded), { recomputeOnConflict: true }, remembered);
        const { store: pipelineStore, reads } = observed(store, never);
        const result = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'new' }, contextFor(colliding), { recomputeOnConflict: true }, remembered);
        // Taken for a possible retry, it reads the stream, finds no event of its own key and is decided.
        expect(reads).toEqual([undefined]);
        expect(result).toMatchObject({ idempotentReplay: false, streamRevision: 1, events: [{ data: { op: 'new', seen: 1 } }] });
        const stored = await store.readStream(stream);
        expect(stored.map((event) => event.metadata.idempotencyKey)).toEqual([recorded, colliding]);
      });

      it('folds the stream again when what it remembers no longer links to the stored events', async () => {
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        await handleCommand(store, tallyDecider, stream, { op: 'kept' }, contextFor(), { recomputeOnConflict: true }, remembered);
        await handleCommand(store, tallyDecider, stream, { op: 'kept-2' }, contextFor(), { recomputeOnConflict: true }, remembered);
        // Someone rewrites history under the process (a restore, a tamperer): same revision, another chain.
        await test.database.query(`DELETE FROM events WHERE stream_id = $1`, [stream]);
        await test.database.query(`DELETE FROM streams WHERE stream_id = $1`, [stream]);
        await other.appendToStream(stream, [counted('restored'), counted('restored-2')], { expectedRevision: 'no_stream' });
        const { store: pipelineStore, reads } = observed(store, never);
        const result = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'after' }, contextFor(), { recomputeOnConflict: true }, remembered);
        // Decided on what it remembers, refused by the compare-and-set on the head's hash, then the
        // tail after the remembered revision is empty although the stream moved: read whole.
        expect(reads).toEqual([{ fromRevision: 2 }, undefined]);
        expect(result.state).toEqual({ count: 3, ops: ['restored', 'restored-2', 'after'] });
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 3 });
      });

      it('runs commands on one stream one after the other in a process: no conflicts, each decides on the one before', async () => {
        const remembered = new FoldedStreams(10);
        const stream = await streamWith(['a']);
        const conflicts: string[] = [];
        const counting: EventStore = Object.create(store) as EventStore;
        counting.appendToStream = async (target, events, options) => {
          try {
            return await store.appendToStream(target, events, options);
          } catch (error) {
            conflicts.push(String(error));
            throw error;
          }
        };
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, n) =>
            handleCommand(counting, tallyDecider, stream, { op: `op-${n}` }, contextFor(), { recomputeOnConflict: false }, remembered),
          ),
        );
        expect(conflicts).toEqual([]);
        expect(results.map((result) => result.streamRevision).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, n) => n + 1));
        const events = await store.readStream(stream);
        expect(events.map((event) => (event.data as Counted['data']).seen)).toEqual([-1, ...Array.from({ length: 12 }, (_, n) => n + 1)]);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 13 });
      });

      it('appends the commands queued behind a turn together, each answered with its own events, state and revision', async () => {
        const remembered = new FoldedStreams(10);
        const stream = await streamWith(['a']);
        await handleCommand(store, tallyDecider, stream, { op: 'known' }, contextFor(), { recomputeOnConflict: true }, remembered);
        await turnsEnded();
        const appendSizes: number[] = [];
        const counting: EventStore = Object.create(store) as EventStore;
        counting.appendToStream = (target, events, options) => {
          appendSizes.push(events.length);
          return store.appendToStream(target, events, options);
        };
        // The first takes the turn at once; the seven queued meanwhile share the next one.
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, n) => handleCommand(counting, tallyDecider, stream, { op: `op-${n}` }, contextFor(), { recomputeOnConflict: false }, remembered)),
        );
        expect(appendSizes).toEqual([1, 7]);
        expect(results.map((result) => result.streamRevision)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
        expect(results.map((result) => result.state.count)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
        expect(results.map((result) => result.events.map((event) => event.data.seen))).toEqual([[2], [3], [4], [5], [6], [7], [8], [9]]);
        expect(new Set(results.slice(1).map((result) => result.checkpoint)).size).toBe(1);
        const stored = await store.readStream(stream);
        expect(stored.map((event) => (event.data as Counted['data']).op)).toEqual(['a', 'known', ...results.map((_, n) => `op-${n}`)]);
        expect(stored[9].checkpoint).toBe(results[7].checkpoint);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 10 });

        // What the shared turn recorded is remembered: the next command decides on it without reading.
        const { store: pipelineStore, reads } = observed(store, never);
        const next = await handleCommand(pipelineStore, tallyDecider, stream, { op: 'next' }, contextFor(), { recomputeOnConflict: false }, remembered);
        expect(reads).toEqual([]);
        expect(next).toMatchObject({ streamRevision: 10, state: { count: 11 } });
      });

      it('answers a refusal, a command recording nothing and a retried command of a shared turn alone; the others are appended together', async () => {
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        const choosy: Decider<{ op: string }, Counted, Tally> = {
          ...tallyDecider,
          decide: (command, state) => {
            if (command.op === 'refuse') throw new DomainError('ORGANIZATION.NOT_FOUND', 'refused');
            return command.op === 'nothing' ? [] : tallyDecider.decide(command, state);
          },
        };
        const retried = contextFor();
        const original = await handleCommand(store, choosy, stream, { op: 'once' }, retried, { recomputeOnConflict: true }, remembered);
        await turnsEnded();
        const run = (op: string, context = contextFor()) => handleCommand(store, choosy, stream, { op }, context, { recomputeOnConflict: true }, remembered);
        const outcomes = await Promise.allSettled([run('first'), run('x'), run('refuse'), run('y'), run('nothing'), run('once', retried), run('z')]);
        const [first, x, refused, y, nothing, retry, z] = outcomes;
        expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(DomainError) });
        expect(nothing).toMatchObject({ status: 'fulfilled', value: { events: [], idempotentReplay: false } });
        expect(retry).toMatchObject({ status: 'fulfilled', value: { idempotentReplay: true, events: original.events, streamRevision: 0 } });
        const together = [x, y, z].map((outcome) => (outcome as PromiseFulfilledResult<{ checkpoint: string; streamRevision: number }>).value);
        expect(together.map((result) => result.streamRevision)).toEqual([2, 3, 4]);
        expect(new Set(together.map((result) => result.checkpoint)).size).toBe(1);
        expect(first).toMatchObject({ status: 'fulfilled', value: { streamRevision: 1 } });
        const stored = await store.readStream(stream);
        expect(stored.map((event) => (event.data as Counted['data']).op)).toEqual(['once', 'first', 'x', 'y', 'z']);
      });

      it('runs each command of a shared turn alone when another process moved the stream first', async () => {
        const remembered = new FoldedStreams(10);
        const stream = await streamWith(['a']);
        await handleCommand(store, tallyDecider, stream, { op: 'known' }, contextFor(), { recomputeOnConflict: true }, remembered);
        await turnsEnded();
        const interfering: EventStore = Object.create(store) as EventStore;
        let interfered = false;
        interfering.appendToStream = async (target, events, options) => {
          if (events.length > 1 && !interfered) {
            interfered = true;
            await other.appendToStream(target, [counted('elsewhere')], { expectedRevision: 2 });
          }
          return store.appendToStream(target, events, options);
        };
        const results = await Promise.all(
          ['p', 'q', 'r', 's'].map((op) => handleCommand(interfering, tallyDecider, stream, { op }, contextFor(), { recomputeOnConflict: false }, remembered)),
        );
        expect(interfered).toBe(true);
        expect(results.map((result) => result.streamRevision)).toEqual([2, 4, 5, 6]);
        const stored = await store.readStream(stream);
        expect(stored.map((event) => (event.data as Counted['data']).op)).toEqual(['a', 'known', 'p', 'elsewhere', 'q', 'r', 's']);
        expect(stored.map((event) => (event.data as Counted['data']).seen)).toEqual([-1, 1, 2, -1, 4, 5, 6]);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 7 });
      });

      it('a turn that fails does not hold up the next one', async () => {
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        const failing: EventStore = Object.create(store) as EventStore;
        failing.appendToStream = () => Promise.reject(new Error('storage unavailable'));
        const first = handleCommand(failing, tallyDecider, stream, { op: 'lost' }, contextFor(), { recomputeOnConflict: true }, remembered);
        const second = handleCommand(store, tallyDecider, stream, { op: 'kept' }, contextFor(), { recomputeOnConflict: true }, remembered);
        await expect(first).rejects.toThrow('storage unavailable');
        await expect(second).resolves.toMatchObject({ streamRevision: 0, state: { ops: ['kept'] } });
      });

      /** Records only once the stream holds `atLeast` events; refuses outright below `refuseBelow`. */
      const gatedDecider: Decider<{ op: string; atLeast?: number; refuseBelow?: number }, Counted, Tally> = {
        ...tallyDecider,
        decide: (command, state) => {
          if (command.refuseBelow !== undefined && state.count < command.refuseBelow) {
            throw new DomainError('ORGANIZATION.NOT_FOUND', `needs ${command.refuseBelow} events`);
          }
          return state.count < (command.atLeast ?? 0) ? [] : tallyDecider.decide(command, state);
        },
      };

      for (const [name, command] of [
        ['a refusal', { op: 'gated', refuseBelow: 2 }],
        ['a decision to record nothing', { op: 'gated', atLeast: 2 }],
      ] as const) {
        it(`reads before answering with ${name} decided on what it remembers: another process may have moved the stream`, async () => {
          const remembered = new FoldedStreams(10);
          const stream = `tally-${randomUUID()}`;
          await handleCommand(store, tallyDecider, stream, { op: 'mine' }, contextFor(), { recomputeOnConflict: true }, remembered);
          await other.appendToStream(stream, [counted('elsewhere')], { expectedRevision: 0 });
          const { store: pipelineStore, reads } = observed(store, never);
          const result = await handleCommand(pipelineStore, gatedDecider, stream, command, contextFor(), { recomputeOnConflict: false }, remembered);
          expect(reads).toEqual([{ fromRevision: 1 }]);
          expect(result).toMatchObject({ streamRevision: 2, events: [{ data: { op: 'gated', seen: 2 } }] });

          // When nothing moved, the read finds nothing and the refusal stands.
          const refused = handleCommand(pipelineStore, gatedDecider, stream, { op: 'late', refuseBelow: 9 }, contextFor(), { recomputeOnConflict: true }, remembered);
          await expect(refused).rejects.toBeInstanceOf(DomainError);
          expect(reads).toEqual([{ fromRevision: 1 }, { fromRevision: 3 }]);
          expect(await store.readStream(stream)).toHaveLength(3);
        });
      }

      it('a conflict met without having read is not one the caller saw: it reads and decides, even when recomputing is not safe', async () => {
        const remembered = new FoldedStreams(10);
        const stream = `tally-${randomUUID()}`;
        await handleCommand(store, tallyDecider, stream, { op: 'mine' }, contextFor(), { recomputeOnConflict: false }, remembered);
        await other.appendToStream(stream, [counted('elsewhere')], { expectedRevision: 0 });
        const result = await handleCommand(store, tallyDecider, stream, { op: 'next' }, contextFor(), { recomputeOnConflict: false }, remembered);
        expect(result.state).toEqual({ count: 3, ops: ['mine', 'elsewhere', 'next'] });
        expect(result.streamRevision).toBe(2);
      });

      it('forgets the least recently used streams beyond its capacity', () => {
        const remembered = new FoldedStreams(2);
        const entry = (count: number) => ({ state: { count, ops: [] }, last: undefined, recordedKeys: new RecordedKeys() });
        remembered.set('a', entry(1));
        remembered.set('b', entry(2));
        remembered.get('a');
        remembered.set('c', entry(3));
        expect(remembered.get('b')).toBeUndefined();
        expect(remembered.get<Tally>('a')?.state.count).toBe(1);
        expect(remembered.get<Tally>('c')?.state.count).toBe(3);
      });
    });
  });
}
