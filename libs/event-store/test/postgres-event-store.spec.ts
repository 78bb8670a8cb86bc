import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore, UpcasterRegistry, type RecordedEvent } from '@app/event-store';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../../test/support/test-databases.js';
import { describeEventStoreContract, newEvent } from './event-store.contract.js';

for (const backend of TEST_BACKENDS) {
  describeEventStoreContract(`PostgresEventStore on ${backend}`, async () => {
    const test = await openTestDatabase(backend);
    return {
      store: new PostgresEventStore(test.database, { pollIntervalMs: 20 }),
      database: test.database,
      another: () => new PostgresEventStore(test.database, { pollIntervalMs: 20 }),
      close: () => test.drop(),
    };
  });

  describe(`PostgresEventStore on ${backend}: upcasting`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await openTestDatabase(backend);
    });
    afterAll(() => test.drop());

    it('upcasts old schema versions on read and still verifies the stored chain', async () => {
      const writer = new PostgresEventStore(test.database);
      const stream = `upcast-${randomUUID()}`;
      await writer.appendToStream(stream, [newEvent('Renamed', { name: 'old' }, { schemaVersion: 1 })], { expectedRevision: 'no_stream' });
      const reader = new PostgresEventStore(test.database, {
        upcasters: new UpcasterRegistry([
          { type: 'Renamed', fromVersion: 1, upcast: (data) => ({ title: (data as { name: string }).name }) },
          { type: 'Renamed', fromVersion: 2, upcast: (data) => ({ ...(data as object), language: 'en' }) },
        ]),
      });
      const [event] = await reader.readStream(stream);
      expect(event.schemaVersion).toBe(3);
      expect(event.data).toEqual({ title: 'old', language: 'en' });
      await expect(reader.verifyStream(stream)).resolves.toMatchObject({ intact: true });
    });
  });

  describe(`PostgresEventStore on ${backend}: where a page ends`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await openTestDatabase(backend);
    });
    afterAll(() => test.drop());

    it('ends a page at its last event by number, where the positions cross a change of length', async () => {
      // A new database numbers its events from 1: one transaction of 12 crosses 9 -> 10, where text order would put '9' last.
      const store = new PostgresEventStore(test.database);
      await store.appendToStream(`page-end-${randomUUID()}`, Array.from({ length: 12 }, () => newEvent('Numbered', {})), { expectedRevision: 'no_stream' });
      for (let limit = 1; limit <= 12; limit += 1) {
        const read = await store.readAll({ limit });
        expect({ limit, end: await store.readPageEnd({ limit }) }).toEqual({ limit, end: { events: limit, checkpoint: read.checkpoint } });
      }
    });
  });
}

const describePostgres = process.env.DATABASE_URL ? describe : describe.skip;

describePostgres('PostgresEventStore on PostgreSQL: readers never skip a late commit', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  let held: pg.Client;

  beforeAll(async () => {
    test = await openTestDatabase('postgres');
    store = new PostgresEventStore(test.database);
    held = new pg.Client({ connectionString: test.connectionString });
    await held.connect();
  });
  afterAll(async () => {
    await held.end();
    await test.drop();
  });

  /** An append made inside a transaction this test keeps open, as a slow writer would. */
  async function beginHeldAppend(stream: string, type: string): Promise<void> {
    await held.query('BEGIN');
    await held.query(`SELECT pg_current_xact_id()`);
    await held.query(
      `INSERT INTO streams (stream_id, revision, head_hash) VALUES ($1, 0, 'held');
       `.trim(),
      [stream],
    );
    await held.query(
      `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
       VALUES ($1, $2, 0, $3, 1, '{}', '{}', now(), NULL, 'held')`,
      [randomUUID(), stream, type],
    );
  }

  async function readEverythingAfter(after: string | undefined): Promise<{ events: RecordedEvent[]; checkpoint: string | undefined }> {
    const events: RecordedEvent[] = [];
    let checkpoint = after;
    for (;;) {
      const page = await store.readAll({ after: checkpoint, limit: 100 });
      if (page.events.length === 0) return { events, checkpoint };
      events.push(...page.events);
      checkpoint = page.checkpoint;
    }
  }

  it('does not hand out a later commit before an earlier open transaction, and delivers it once committed', async () => {
    const start = await store.headCheckpoint();
    const heldStream = `held-${randomUUID()}`;
    await beginHeldAppend(heldStream, 'HeldEvent');

    const laterStream = `later-${randomUUID()}`;
    await store.appendToStream(laterStream, [newEvent('LaterEvent', {})], { expectedRevision: 'no_stream' });

    const whileHeld = await readEverythingAfter(start);
    expect(whileHeld.events.map((event) => event.type)).not.toContain('LaterEvent');
    expect(whileHeld.events.map((event) => event.type)).not.toContain('HeldEvent');

    await held.query('COMMIT');
    const afterCommit = await readEverythingAfter(whileHeld.checkpoint);
    const types = afterCommit.events.map((event) => event.type);
    expect(types).toContain('HeldEvent');
    expect(types).toContain('LaterEvent');
    expect(types.indexOf('HeldEvent')).toBeLessThan(types.indexOf('LaterEvent'));
  });

  it('keeps readers moving after a rolled-back append', async () => {
    const start = await store.headCheckpoint();
    await beginHeldAppend(`rolled-back-${randomUUID()}`, 'RolledBack');
    const stream = `after-rollback-${randomUUID()}`;
    await store.appendToStream(stream, [newEvent('AfterRollback', {})], { expectedRevision: 'no_stream' });
    await held.query('ROLLBACK');
    const { events } = await readEverythingAfter(start);
    expect(events.map((event) => event.type)).toContain('AfterRollback');
    expect(events.map((event) => event.type)).not.toContain('RolledBack');
  });
});
