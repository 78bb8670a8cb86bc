import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SqlDatabase,
} from '@app/event-store';

/** What a contract run needs from an adapter: the store, and raw SQL access to tamper with rows. */
export interface EventStoreUnderTest {
  store: EventStore;
  database: SqlDatabase;
  /** Another store on the same storage, as another process has: its own caches, if any. */
  another(): EventStore;
  close(): Promise<void>;
}

const actor = { subject: 'user-1', organizationId: 'acme-devices', roles: ['manufacturer'] };

export function newEvent(type: string, data: unknown, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: { actor, correlationId: randomUUID(), causationId: null, idempotencyKey: randomUUID() },
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

function streamName(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

async function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The behaviour every event store adapter must show. Run it from a spec per adapter.
 */
export function describeEventStoreContract(adapterName: string, open: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject.close();
    });

    it('records events with envelopes and a per-stream hash chain', async () => {
      const stream = streamName();
      const first = await store.appendToStream(stream, [newEvent('Opened', { a: 1 }), newEvent('Changed', { b: 'x' })], {
        expectedRevision: 'no_stream',
      });
      expect(first.nextExpectedRevision).toBe(1);
      expect(first.idempotentReplay).toBe(false);
      await store.appendToStream(stream, [newEvent('Changed', { b: 'y' })], { expectedRevision: 1 });

      const events = await store.readStream(stream);
      expect(events.map((event) => [event.revision, event.type])).toEqual([
        [0, 'Opened'],
        [1, 'Changed'],
        [2, 'Changed'],
      ]);
      expect(events[0].previousHash).toBeNull();
      expect(events[1].previousHash).toBe(events[0].hash);
      expect(events[2].previousHash).toBe(events[1].hash);
      expect(events[0].metadata.actor).toEqual(actor);
      expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
      expect(events[2].globalPosition).toBeGreaterThan(events[0].globalPosition);
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 3, headHash: events[2].hash });
    });

    it('enforces each kind of expected revision and reports the actual revision on conflict', async () => {
      const stream = streamName();
      await expect(store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        actualRevision: -1,
      });
      await expect(store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 0 })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        actualRevision: 0,
      });
      await store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 'stream_exists' });
      await store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 'any' });
      await expect(store.appendToStream(stream, [newEvent('E', {})], { expectedRevision: 1 })).rejects.toMatchObject({
        actualRevision: 2,
        expectedRevision: 1,
      });
      const fresh = streamName();
      await expect(store.appendToStream(fresh, [newEvent('E', {})], { expectedRevision: 'any' })).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 3 });
    });

    it('lets exactly one of 50 concurrent appends with the same expected revision win, leaving no gaps', async () => {
      const stream = streamName();
      await store.appendToStream(stream, [newEvent('Opened', {})], { expectedRevision: 'no_stream' });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, writer) =>
          outcome(store.appendToStream(stream, [newEvent('Written', { writer })], { expectedRevision: 0 })),
        ),
      );
      const successes = results.filter((result) => result.ok);
      const conflicts = results.filter((result) => !result.ok && result.error instanceof WrongExpectedRevisionError);
      expect(successes).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      for (const conflict of conflicts) {
        expect((conflict as { error: WrongExpectedRevisionError }).error.actualRevision).toBe(1);
      }
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0, 1]);
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true });
    });

    it('keeps a gapless chain when 50 concurrent writers append with expected revision any', async () => {
      const stream = streamName();
      await Promise.all(
        Array.from({ length: 50 }, (_, writer) =>
          store.appendToStream(stream, [newEvent('Written', { writer })], { expectedRevision: 'any' }),
        ),
      );
      const events = await store.readStream(stream);
      expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 50 }, (_, revision) => revision));
      expect(new Set(events.map((event) => (event.data as { writer: number }).writer)).size).toBe(50);
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 50 });
    });

    it('answers a retried append with the same idempotency-derived ids by the original outcome, appending nothing', async () => {
      const stream = streamName();
      const events = [newEvent('Opened', { n: 1 }), newEvent('Changed', { n: 2 })];
      const original = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const retryExact = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const retryAny = await store.appendToStream(stream, events, { expectedRevision: 'any' });
      for (const retry of [retryExact, retryAny]) {
        expect(retry).toEqual({ ...original, idempotentReplay: true });
      }
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('lets exactly one of 20 concurrent two-event appends with the same expected revision win, leaving no gaps', async () => {
      const stream = streamName();
      await store.appendToStream(stream, [newEvent('Opened', {})], { expectedRevision: 'no_stream' });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, writer) =>
          outcome(store.appendToStream(stream, [newEvent('Written', { writer }), newEvent('Written', { writer })], { expectedRevision: 0 })),
        ),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      for (const refused of results.filter((result) => !result.ok)) {
        expect((refused as { error: unknown }).error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((refused as { error: WrongExpectedRevisionError }).error.actualRevision).toBe(2);
      }
      expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0, 1, 2]);
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 3 });
    });

    it('answers a retried single-event append by its original outcome, whatever the expectation and the head now', async () => {
      const stream = streamName();
      const opened = newEvent('Opened', {});
      const original = await store.appendToStream(stream, [opened], { expectedRevision: 'no_stream' });
      const changed = newEvent('Changed', {});
      const second = await store.appendToStream(stream, [changed], { expectedRevision: 0 });
      // Retries from this store, and from another one that never saw the stream, after the head moved on.
      for (const retrying of [store, subject.another()]) {
        await expect(retrying.appendToStream(stream, [opened], { expectedRevision: 'no_stream' })).resolves.toEqual({
          ...original,
          idempotentReplay: true,
        });
        await expect(retrying.appendToStream(stream, [changed], { expectedRevision: 0 })).resolves.toEqual({ ...second, idempotentReplay: true });
        await expect(retrying.appendToStream(stream, [changed], { expectedRevision: 'any' })).resolves.toEqual({ ...second, idempotentReplay: true });
      }
      expect(await store.readStream(stream)).toHaveLength(2);
      // The refused attempts leave a head that still appends.
      await expect(store.appendToStream(stream, [newEvent('Closed', {})], { expectedRevision: 1 })).resolves.toMatchObject({
        nextExpectedRevision: 2,
        idempotentReplay: false,
      });
      await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 3 });
    });

    for (const size of [1, 2]) {
      it(`reports the actual revision when another writer moved the head first, then appends after it (${size} event(s))`, async () => {
        const stream = streamName();
        const batch = (type: string) => Array.from({ length: size }, (_, n) => newEvent(type, { n }));
        await store.appendToStream(stream, batch('Opened'), { expectedRevision: 'no_stream' });
        await store.readStream(stream);
        // Another process appends: whatever this store remembers of the head is now stale.
        await subject.another().appendToStream(stream, batch('Elsewhere'), { expectedRevision: size - 1 });
        const refused = await outcome(store.appendToStream(stream, batch('Late'), { expectedRevision: size - 1 }));
        expect(refused.ok).toBe(false);
        expect((refused as { error: unknown }).error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((refused as { error: WrongExpectedRevisionError }).error.actualRevision).toBe(2 * size - 1);
        await expect(store.appendToStream(stream, batch('Late'), { expectedRevision: 2 * size - 1 })).resolves.toMatchObject({
          nextExpectedRevision: 3 * size - 1,
        });
        const events = await store.readStream(stream);
        expect(events.map((event) => event.type)).toEqual([...batch('Opened'), ...batch('Elsewhere'), ...batch('Late')].map((event) => event.type));
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 3 * size });
      });

      it(`never chains onto a remembered head whose hash is no longer the stream's (${size} event(s))`, async () => {
        const stream = streamName();
        const batch = (type: string) => Array.from({ length: size }, (_, n) => newEvent(type, { n }));
        await store.appendToStream(stream, batch('Original'), { expectedRevision: 'no_stream' });
        // The stream is replaced behind this store's back: same revision, another chain.
        await subject.database.query(`DELETE FROM events WHERE stream_id = $1`, [stream]);
        await subject.database.query(`DELETE FROM streams WHERE stream_id = $1`, [stream]);
        await subject.another().appendToStream(stream, batch('Replacement'), { expectedRevision: 'no_stream' });

        await expect(store.appendToStream(stream, batch('Next'), { expectedRevision: size - 1 })).rejects.toMatchObject({
          actualRevision: size - 1,
        });
        await store.appendToStream(stream, batch('Next'), { expectedRevision: size - 1 });
        const events = await store.readStream(stream);
        expect(events.map((event) => event.type)).toEqual([...batch('Replacement'), ...batch('Next')].map((event) => event.type));
        expect(events[size].previousHash).toBe(events[size - 1].hash);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true, eventCount: 2 * size });
      });
    }

    it('refuses an event id already recorded on another stream, creating nothing', async () => {
      const event = newEvent('Opened', {});
      await store.appendToStream(streamName(), [event], { expectedRevision: 'no_stream' });
      const other = streamName();
      await expect(store.appendToStream(other, [event], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        code: 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      });
      expect(await store.readStream(other)).toEqual([]);
      await store.appendToStream(other, [newEvent('Opened', {})], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(other, [event], { expectedRevision: 0 })).rejects.toMatchObject({
        code: 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      });
      await expect(store.verifyStream(other)).resolves.toMatchObject({ intact: true, eventCount: 1 });
    });

    describe('conditions on other streams', () => {
      for (const size of [1, 2]) {
        const events = () => Array.from({ length: size }, (_, index) => newEvent(`Changed${index}`, { index }));

        it(`appends while every condition holds, and refuses with the revisions found once one stream moved (${size} event(s))`, async () => {
          const standing = streamName('standing');
          const absent = streamName('absent');
          await store.appendToStream(standing, [newEvent('Registered', {})], { expectedRevision: 'no_stream' });
          const stream = streamName();
          const conditions = [
            { stream: standing, revision: 0 },
            { stream: absent, revision: -1 },
          ];
          // A new stream and an existing one, each under the conditions.
          await store.appendToStream(stream, events(), { expectedRevision: 'no_stream', conditions });
          await store.appendToStream(stream, events(), { expectedRevision: size - 1, conditions });

          await subject.another().appendToStream(standing, [newEvent('Deactivated', {})], { expectedRevision: 0 });
          const refused = await outcome(store.appendToStream(stream, events(), { expectedRevision: 2 * size - 1, conditions }));
          expect(refused).toMatchObject({
            ok: false,
            error: { code: 'EVENT_STORE.CONDITION_FAILED', stream, failed: [{ stream: standing, revision: 0, actualRevision: 1 }] },
          });
          const fresh = streamName();
          await expect(store.appendToStream(fresh, events(), { expectedRevision: 'no_stream', conditions })).rejects.toMatchObject({
            code: 'EVENT_STORE.CONDITION_FAILED',
          });
          expect(await store.readStream(fresh)).toEqual([]);
          expect(await store.readStream(stream)).toHaveLength(2 * size);
          await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: true });

          // The stream itself still takes appends that expect the new standing.
          await store.appendToStream(stream, events(), { expectedRevision: 2 * size - 1, conditions: [{ stream: standing, revision: 1 }] });
          expect(await store.readStream(stream)).toHaveLength(3 * size);
        });
      }

      it('refuses a condition on a stream that appeared since, and with expected revision any', async () => {
        const appeared = streamName('appeared');
        const stream = streamName();
        await store.appendToStream(stream, [newEvent('Opened', {})], { expectedRevision: 'no_stream' });
        await store.appendToStream(appeared, [newEvent('Registered', {})], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(stream, [newEvent('Changed', {})], { expectedRevision: 'any', conditions: [{ stream: appeared, revision: -1 }] }),
        ).rejects.toMatchObject({ code: 'EVENT_STORE.CONDITION_FAILED', failed: [{ stream: appeared, revision: -1, actualRevision: 0 }] });
        await store.appendToStream(stream, [newEvent('Changed', {})], { expectedRevision: 'stream_exists', conditions: [{ stream: appeared, revision: 0 }] });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('reports a moved stream before a failed condition, and answers a retry from its record whatever the conditions now', async () => {
        const standing = streamName('standing');
        await store.appendToStream(standing, [newEvent('Registered', {})], { expectedRevision: 'no_stream' });
        const stream = streamName();
        const opened = newEvent('Opened', {});
        const first = await store.appendToStream(stream, [opened], { expectedRevision: 'no_stream', conditions: [{ stream: standing, revision: 0 }] });
        await store.appendToStream(standing, [newEvent('Deactivated', {})], { expectedRevision: 0 });
        await expect(
          store.appendToStream(stream, [opened], { expectedRevision: 'no_stream', conditions: [{ stream: standing, revision: 0 }] }),
        ).resolves.toEqual({ ...first, idempotentReplay: true });
        await store.appendToStream(stream, [newEvent('Changed', {})], { expectedRevision: 0 });
        await expect(
          store.appendToStream(stream, [newEvent('Changed', {})], { expectedRevision: 0, conditions: [{ stream: standing, revision: 0 }] }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('keeps each concurrent append to its own conditions', async () => {
        const standing = streamName('standing');
        await store.appendToStream(standing, [newEvent('Registered', {})], { expectedRevision: 'no_stream' });
        const streams = Array.from({ length: 24 }, () => streamName());
        // Appends arriving together (written together where the adapter groups them): every other one holds.
        const results = await Promise.all(
          streams.map((stream, index) =>
            outcome(
              store.appendToStream(stream, [newEvent('Opened', { index })], {
                expectedRevision: 'no_stream',
                conditions: [{ stream: standing, revision: index % 2 === 0 ? 0 : 1 }],
              }),
            ),
          ),
        );
        expect(results.map((result) => (result.ok ? 'appended' : (result.error as { code: string }).code))).toEqual(
          streams.map((_, index) => (index % 2 === 0 ? 'appended' : 'EVENT_STORE.CONDITION_FAILED')),
        );
        for (const [index, stream] of streams.entries()) expect(await store.readStream(stream)).toHaveLength(index % 2 === 0 ? 1 : 0);
      });

      it('refuses a condition on the appended stream itself, or one that is not a revision', async () => {
        const stream = streamName();
        for (const conditions of [[{ stream, revision: -1 }], [{ stream: streamName(), revision: -2 }], [{ stream: streamName(), revision: 0.5 }]]) {
          await expect(store.appendToStream(stream, [newEvent('Opened', {})], { expectedRevision: 'no_stream', conditions })).rejects.toBeInstanceOf(RangeError);
        }
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    it('refuses a batch of which only some ids are recorded', async () => {
      const stream = streamName();
      const recorded = newEvent('Opened', {});
      await store.appendToStream(stream, [recorded], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream, [recorded, newEvent('Changed', {})], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        code: 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      });
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('refuses an event id reused for a different event', async () => {
      const stream = streamName();
      const event = newEvent('Opened', {});
      await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream(stream, [{ ...event, type: 'Other' }], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED' });
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('reads a stream as of a time: exactly the events recorded up to it', async () => {
      const stream = streamName();
      await store.appendToStream(stream, [newEvent('First', {})], { expectedRevision: 'no_stream' });
      const [first] = await store.readStream(stream);
      await new Promise((resolve) => setTimeout(resolve, 15));
      await store.appendToStream(stream, [newEvent('Second', {})], { expectedRevision: 0 });
      const [, second] = await store.readStream(stream);
      expect(second.recordedAt > first.recordedAt).toBe(true);

      expect((await store.readStream(stream, { until: first.recordedAt })).map((event) => event.type)).toEqual(['First']);
      const beforeSecond = new Date(Date.parse(second.recordedAt) - 1).toISOString();
      expect((await store.readStream(stream, { until: beforeSecond })).map((event) => event.type)).toEqual(['First']);
      expect((await store.readStream(stream, { until: second.recordedAt })).map((event) => event.type)).toEqual(['First', 'Second']);
      const beforeFirst = new Date(Date.parse(first.recordedAt) - 1).toISOString();
      expect(await store.readStream(stream, { until: beforeFirst })).toEqual([]);
      expect((await store.readStream(stream, { fromRevision: 1 })).map((event) => event.type)).toEqual(['Second']);
      expect((await store.readStream(stream, { toRevision: 0 })).map((event) => event.type)).toEqual(['First']);
    });

    it('reads all streams in commit order, resumes after a checkpoint and filters by type', async () => {
      const start = await store.headCheckpoint();
      const streamA = streamName('a');
      const streamB = streamName('b');
      await store.appendToStream(streamA, [newEvent('A1', {})], { expectedRevision: 'no_stream' });
      await store.appendToStream(streamB, [newEvent('B1', {}), newEvent('B2', {})], { expectedRevision: 'no_stream' });
      await store.appendToStream(streamA, [newEvent('A2', {})], { expectedRevision: 0 });

      const seen: RecordedEvent[] = [];
      let after = start;
      for (;;) {
        const page = await store.readAll({ after, limit: 2 });
        if (page.events.length === 0) break;
        seen.push(...page.events);
        after = page.checkpoint;
      }
      expect(seen.map((event) => event.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      const filtered = await store.readAll({ after: start, types: ['B2', 'A2'] });
      expect(filtered.events.map((event) => event.type)).toEqual(['B2', 'A2']);
      expect(store.compareCheckpoints(after!, (await store.headCheckpoint())!)).toBe(0);
      const nothingNew = await store.readAll({ after });
      expect(nothingNew).toEqual({ events: [], checkpoint: after });
    });

    it('resumes a filtered read past the trailing events of other types once a page does not fill up', async () => {
      const start = await store.headCheckpoint();
      const stream = streamName('filtered');
      await store.appendToStream(stream, [newEvent('Wanted', {}), newEvent('Other', {}), newEvent('Other', {}), newEvent('Wanted', {}), newEvent('Other', {})], {
        expectedRevision: 'no_stream',
      });
      const [first, , , second, last] = await store.readStream(stream);

      const full = await store.readAll({ after: start, types: ['Wanted'], limit: 1 });
      expect(full).toEqual({ events: [first], checkpoint: first.checkpoint });
      const partial = await store.readAll({ after: full.checkpoint, types: ['Wanted'], limit: 5 });
      expect(partial.events).toEqual([second]);
      expect(partial.checkpoint).toBe(last.checkpoint);
      expect(await store.readAll({ after: partial.checkpoint, types: ['Wanted'] })).toEqual({ events: [], checkpoint: last.checkpoint });
      // Nothing of the types at all: still read up to the head.
      expect(await store.readAll({ after: start, types: ['Unknown'] })).toEqual({ events: [], checkpoint: last.checkpoint });

      await store.appendToStream(stream, [newEvent('Other', {}), newEvent('Wanted', {})], { expectedRevision: 4 });
      const [, next] = await store.readStream(stream, { fromRevision: 5 });
      expect(await store.readAll({ after: partial.checkpoint, types: ['Wanted'] })).toEqual({ events: [next], checkpoint: next.checkpoint });
    });

    it('reads envelopes only when asked: the same events and resume points, without payloads', async () => {
      const start = await store.headCheckpoint();
      const stream = streamName();
      await store.appendToStream(stream, [newEvent('Wanted', { big: 'x'.repeat(1_000) }), newEvent('Other', { b: 1 })], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, [newEvent('Wanted', { c: [1, 2] })], { expectedRevision: 1 });
      for (const options of [{ limit: 2 }, { limit: 10 }, { types: ['Wanted'], limit: 1 }, { types: ['Wanted'], limit: 10 }]) {
        const full = await store.readAll({ after: start, ...options });
        const envelopes = await store.readAll({ after: start, ...options, withoutData: true });
        expect(envelopes.checkpoint).toBe(full.checkpoint);
        expect(envelopes.events).toEqual(full.events.map((event) => ({ ...event, data: null })));
        expect(full.events.every((event) => event.data !== null)).toBe(true);
      }
    });

    it('reads without metadata when asked: the same events and resume points, metadata null', async () => {
      const start = await store.headCheckpoint();
      const stream = streamName();
      await store.appendToStream(stream, [newEvent('Wanted', { a: 1 }), newEvent('Other', { b: 1 })], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, [newEvent('Wanted', { c: [1, 2] })], { expectedRevision: 1 });
      for (const options of [{ limit: 2 }, { limit: 10 }, { types: ['Wanted'], limit: 1 }, { types: ['Wanted'], limit: 10 }]) {
        for (const withoutData of [false, true]) {
          const full = await store.readAll({ after: start, ...options, withoutData });
          const read = await store.readAll({ after: start, ...options, withoutData, withoutMetadata: true });
          expect(read.checkpoint).toBe(full.checkpoint);
          expect(read.events).toEqual(full.events.map((event) => ({ ...event, metadata: null })));
          expect(read.events.length).toBeGreaterThan(0);
          expect(full.events.every((event) => event.metadata.actor.subject === actor.subject)).toBe(true);
        }
      }
    });

    it('tells where a page of readAll ends and how many events it holds, without reading it', async () => {
      // Optional for adapters (see the port); both of this project's offer it.
      if (store.readPageEnd === undefined) return;
      const start = await store.headCheckpoint();
      const stream = streamName('page-end');
      await store.appendToStream(stream, [newEvent('Wanted', {}), newEvent('Other', {}), newEvent('Other', {})], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, [newEvent('Wanted', {}), newEvent('Other', {})], { expectedRevision: 2 });
      const pagings = [{ limit: 1 }, { limit: 2 }, { limit: 10 }, { types: ['Wanted'], limit: 1 }, { types: ['Wanted'], limit: 10 }, { types: ['Unknown'] }];
      for (const options of pagings) {
        // Page by page from before the appends, and once past the head.
        let after = start;
        for (let page = 0; page < 7; page += 1) {
          const read = await store.readAll({ after, ...options });
          expect(await store.readPageEnd({ after, ...options })).toEqual({ events: read.events.length, checkpoint: read.checkpoint });
          after = read.checkpoint;
        }
      }
      // From the start of the log, whatever else it holds.
      const first = await store.readAll({ limit: 3 });
      expect(await store.readPageEnd({ limit: 3 })).toEqual({ events: first.events.length, checkpoint: first.checkpoint });
    });

    it('subscribes: catches up, then delivers live appends', async () => {
      const start = await store.headCheckpoint();
      const stream = streamName('sub');
      await store.appendToStream(stream, [newEvent('Before', {})], { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      const received: string[] = [];
      const consuming = (async () => {
        for await (const batch of store.subscribe({ after: start, signal: controller.signal })) {
          for (const event of batch.events) if (event.stream === stream) received.push(event.type);
          if (received.length >= 2) controller.abort();
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.appendToStream(stream, [newEvent('Live', {})], { expectedRevision: 0 });
      await consuming;
      expect(received).toEqual(['Before', 'Live']);
    });

    describe('tamper evidence', () => {
      async function chainOfFive(): Promise<string> {
        const stream = streamName('tamper');
        await store.appendToStream(stream, [0, 1, 2, 3, 4].map((n) => newEvent('Step', { n })), { expectedRevision: 'no_stream' });
        return stream;
      }

      it('detects an altered payload and names its revision', async () => {
        const stream = await chainOfFive();
        await subject.database.query(`UPDATE events SET data = '{"n": 99}' WHERE stream_id = $1 AND revision = 2`, [stream]);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: false, firstBrokenRevision: 2 });
      });

      it('detects an altered actor in the metadata', async () => {
        const stream = await chainOfFive();
        await subject.database.query(
          `UPDATE events SET metadata = jsonb_set(metadata, '{actor,organizationId}', '"rogue-devices"') WHERE stream_id = $1 AND revision = 3`,
          [stream],
        );
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: false, firstBrokenRevision: 3 });
      });

      it('detects a deleted row in the middle and at the end', async () => {
        const middle = await chainOfFive();
        await subject.database.query(`DELETE FROM events WHERE stream_id = $1 AND revision = 1`, [middle]);
        await expect(store.verifyStream(middle)).resolves.toMatchObject({ intact: false, firstBrokenRevision: 1 });
        const end = await chainOfFive();
        await subject.database.query(`DELETE FROM events WHERE stream_id = $1 AND revision = 4`, [end]);
        await expect(store.verifyStream(end)).resolves.toMatchObject({ intact: false, firstBrokenRevision: 4 });
      });

      it('detects reordered rows', async () => {
        const stream = await chainOfFive();
        await subject.database.transaction(async (tx) => {
          await tx.query(`UPDATE events SET revision = 100 WHERE stream_id = $1 AND revision = 1`, [stream]);
          await tx.query(`UPDATE events SET revision = 1 WHERE stream_id = $1 AND revision = 3`, [stream]);
          await tx.query(`UPDATE events SET revision = 3 WHERE stream_id = $1 AND revision = 100`, [stream]);
        });
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: false, firstBrokenRevision: 1 });
      });

      it('detects an inserted row', async () => {
        const stream = await chainOfFive();
        const [, second] = await store.readStream(stream);
        await subject.database.query(
          `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
           SELECT gen_random_uuid(), stream_id, 5, type, schema_version, data, metadata, occurred_at, $2, hash
           FROM events WHERE stream_id = $1 AND revision = 2`,
          [stream, second.hash],
        );
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ intact: false, firstBrokenRevision: 5 });
      });
    });
  });
}
