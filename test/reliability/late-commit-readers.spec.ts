import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore, type NewEvent, type SqlDatabase } from '@app/event-store';
import { openTestDatabase, type TestDatabase } from '../support/test-databases.js';

/** A SqlDatabase on one client inside an open transaction, so an append commits only when the test says so. */
function inTransaction(client: pg.Client): SqlDatabase {
  const query = async <Row>(text: string, params: unknown[] = []) => {
    const result = await client.query(text, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  return {
    dialect: 'postgres',
    query,
    transaction: (work) => work({ query }),
    withConnection: (work) => work({ query }),
    execScript: async (sql) => void (await client.query(sql)),
    close: async () => undefined,
  } as SqlDatabase;
}

const event = (key: string): NewEvent => ({
  eventId: crypto.randomUUID(),
  type: 'ReliabilityProbe',
  data: { key },
  metadata: { actor: { subject: 's', organizationId: 'o', roles: [] }, correlationId: key, causationId: null, idempotencyKey: key },
  occurredAt: new Date().toISOString(),
});

/**
 * "Skipped by readers": writers append in transactions that commit in random order and after
 * random delays (a later global position can commit first); a tailing reader that follows
 * readAll's checkpoints must still see every committed event exactly once.
 */
(process.env.DATABASE_URL ? describe : describe.skip)('readAll under out-of-order commits (postgres)', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase('postgres');
  });
  afterAll(() => test.drop());

  it('skips nothing and repeats nothing', async () => {
    const WRITERS = 12;
    const APPENDS = 25;
    const reader = new PostgresEventStore(test.database);
    const seen: string[] = [];
    let done = false;
    const tail = (async () => {
      let after: string | undefined;
      for (;;) {
        const finished = done;
        const page = await reader.readAll({ after, limit: 50 });
        for (const recorded of page.events) seen.push(recorded.eventId);
        after = page.checkpoint;
        if (finished && page.events.length === 0) return;
        if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    let rolledBack = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const client = new pg.Client({ connectionString: test.connectionString });
        await client.connect();
        const store = new PostgresEventStore(inTransaction(client));
        for (let n = 0; n < APPENDS; n++) {
          await client.query('BEGIN');
          await store.appendToStream(`probe-${writer}-${n}`, [event(`${writer}-${n}`)], { expectedRevision: 'no_stream' });
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
          // One in ten rolls back: a reader must never see those.
          if (Math.random() < 0.1) {
            await client.query('ROLLBACK');
            rolledBack += 1;
          } else await client.query('COMMIT');
        }
        await client.end();
      }),
    );
    done = true;
    await tail;
    const { rows } = await test.database.query<{ id: string }>(`SELECT event_id::text AS id FROM events`);
    const committed = new Set(rows.map((row) => row.id));
    const seenOnce = new Set(seen);
    const skipped = [...committed].filter((id) => !seenOnce.has(id)).length;
    process.stdout.write(`late commits: ${committed.size} committed, ${rolledBack} rolled back, ${seen.length} read, ${skipped} skipped, ${seen.length - seenOnce.size} repeated\n`);
    expect(committed.size).toBe(WRITERS * APPENDS - rolledBack);
    expect(skipped).toBe(0);
    expect(seen.length).toBe(seenOnce.size);
    expect([...seenOnce].every((id) => committed.has(id))).toBe(true);
  }, 60_000);
});
