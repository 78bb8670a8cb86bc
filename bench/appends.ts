import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import {
  migrate,
  PgliteDatabase,
  PostgresDatabase,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type SqlDatabase,
} from '@app/event-store';
import type { Decider } from '@app/domain';
import { FoldedStreams, handleCommand } from '../src/application/command-pipeline.js';
import { backendCpuMicros, createScratchDatabase, fmt, log, median, type BenchOptions } from './lib/common.js';
import type { Report } from './lib/report.js';

const MIGRATIONS_DIR = join(process.cwd(), 'migrations');
const STREAMS_PER_WRITER = 20;

/** A sign-off-sized event, as the command pipeline wraps it. */
function newEvent(op: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'AgreementSignedOff',
    schemaVersion: 1,
    data: { agreementId: op, organizationId: 'metro-operations', version: 2, digest: randomBytes(32).toString('hex'), op },
    occurredAt: new Date().toISOString(),
    metadata: {
      actor: { subject: 'service-account-metro-operations', organizationId: 'metro-operations', roles: ['operator'] },
      correlationId: randomUUID(),
      causationId: null,
      idempotencyKey: `metro-operations/service-account-metro-operations/${op}`,
    },
  };
}

interface Appender {
  name: string;
  /** Sets up one writer's state; returns the function that performs one append. */
  writer(index: number, round: number): () => Promise<void>;
  close(): Promise<void>;
}

/** Raw single-row INSERT into a copy of `events` (same columns, constraints and indexes), autocommit. */
const RAW_INSERT = `INSERT INTO raw_events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)`;

async function rawAppender(database: SqlDatabase): Promise<Appender> {
  await database.query(`CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL)`);
  // Prepared, as the store's append is: the baseline is the cheapest way to insert the row.
  database.prepare?.([RAW_INSERT]);
  return {
    name: 'raw INSERT',
    writer(index, round) {
      let n = 0;
      return async () => {
        const stream = `raw-${round}-${index}-${n % STREAMS_PER_WRITER}`;
        const event = newEvent(`${stream}-${n}`);
        n += 1;
        await database.query(
          RAW_INSERT,
          [event.eventId, stream, Math.floor(n / STREAMS_PER_WRITER), event.type, 1, JSON.stringify(event.data), JSON.stringify(event.metadata),
            event.occurredAt, randomBytes(32).toString('hex'), randomBytes(32).toString('hex')],
        );
      };
    },
    close: async () => undefined,
  };
}

/** The product's store: exact expected revision (known from the previous append), hash chained. */
function storeAppender(database: SqlDatabase): Appender {
  const store = new PostgresEventStore(database);
  return {
    name: 'PostgresEventStore',
    writer(index, round) {
      const revisions = new Map<string, number>();
      let n = 0;
      return async () => {
        const stream = `bench-${round}-${index}-${n % STREAMS_PER_WRITER}`;
        n += 1;
        const expected = revisions.get(stream);
        const result = await store.appendToStream(stream, [newEvent(`${stream}-${n}`)], { expectedRevision: expected ?? 'no_stream' });
        revisions.set(stream, result.nextExpectedRevision);
      };
    },
    close: async () => undefined,
  };
}

function emmettAppender(url: string, pool: pg.Pool): Appender {
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  return {
    name: 'emmett-postgresql',
    writer(index, round) {
      const versions = new Map<string, bigint>();
      let n = 0;
      return async () => {
        const stream = `emmett-${round}-${index}-${n % STREAMS_PER_WRITER}`;
        n += 1;
        const event = newEvent(`${stream}-${n}`);
        const expected = versions.get(stream);
        const result = await store.appendToStream(
          stream,
          [{ type: event.type, data: event.data as Record<string, unknown>, metadata: event.metadata as unknown as Record<string, unknown> }],
          expected === undefined ? {} : { expectedStreamVersion: expected },
        );
        versions.set(stream, result.nextExpectedStreamVersion);
      };
    },
    close: () => store.close(),
  };
}

/** Closed loop: `writers` loops append until `seconds` pass; answers appends per second. */
const cpu: Record<string, { micros: number; count: number }> = {};
const serverCpu: Record<string, { micros: number; count: number }> = {};

async function measure(appender: Appender, writers: number, seconds: number, round: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: writers }, async (_, index) => {
      const append = appender.writer(index, round);
      while (Date.now() < deadline) {
        await append();
        count += 1;
      }
    }),
  );
  const used = process.cpuUsage(cpuBefore);
  const entry = (cpu[appender.name] ??= { micros: 0, count: 0 });
  entry.micros += used.user + used.system;
  entry.count += count;
  return count / ((performance.now() - started) / 1000);
}

async function warm(pool: pg.Pool, connections: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const client of clients) client.release();
}

export async function appendsBenchmark(options: BenchOptions, report: Report): Promise<void> {
  const section = 'appends (PostgreSQL)';
  const database = await createScratchDatabase('appends');
  const seconds = options.quick ? 1.5 : 3;
  const rounds = options.quick ? 1 : 3;
  try {
    const setup = new PostgresDatabase({ connectionString: database.url, maxConnections: 2 });
    await migrate(setup, { migrationsDir: MIGRATIONS_DIR });
    await setup.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
    const { rows } = await setup.query<{ synchronous_commit: string }>(`SHOW synchronous_commit`);
    const synchronousCommit = rows[0].synchronous_commit;
    // emmett creates its schema on first use: do it outside the timings.
    {
      const pool = new pg.Pool({ connectionString: database.url, max: 2 });
      const emmett = emmettAppender(database.url, pool);
      await emmett.writer(0, -1)();
      await emmett.close();
      await pool.end().catch(() => undefined);
    }
    await setup.close();

    const results: Record<string, Record<number, number[]>> = {};
    let round = 0;
    for (const writers of [1, 16, 64]) {
      for (let r = 0; r < rounds; r++) {
        const order = ['raw', 'store', 'emmett'];
        for (let k = 0; k < r; k++) order.push(order.shift()!);
        for (const system of order) {
          round += 1;
          const pgDatabase = new PostgresDatabase({ connectionString: database.url, maxConnections: writers });
          const emmettPool = new pg.Pool({ connectionString: database.url, max: writers });
          const pool = system === 'emmett' ? emmettPool : pgDatabase.pool;
          await warm(pool, writers);
          const appender =
            system === 'raw'
              ? await rawAppender(pgDatabase)
              : system === 'store'
                ? storeAppender(pgDatabase)
                : emmettAppender(database.url, emmettPool);
          const backendBefore = await backendCpuMicros(database.name);
          const before = (cpu[appender.name]?.count ?? 0);
          const rate = await measure(appender, writers, seconds, round);
          const backendUsed = (await backendCpuMicros(database.name)) - backendBefore;
          const server = (serverCpu[appender.name] ??= { micros: 0, count: 0 });
          server.micros += backendUsed;
          server.count += cpu[appender.name].count - before;
          await appender.close();
          await pgDatabase.close();
          await emmettPool.end().catch(() => undefined);
          ((results[system] ??= {})[writers] ??= []).push(rate);
          log(`appends ${system} ${writers} writers: ${fmt.rate(rate)}/s`);
        }
      }
    }
    const table = ['| writers | raw INSERT/s | PostgresEventStore/s | emmett-postgresql/s | store/raw | store/emmett |', '| --- | --- | --- | --- | --- | --- |'];
    for (const writers of [1, 16, 64]) {
      const raw = median(results.raw[writers]);
      const store = median(results.store[writers]);
      const emmett = median(results.emmett[writers]);
      table.push(`| ${writers} | ${fmt.rate(raw)} | ${fmt.rate(store)} | ${fmt.rate(emmett)} | ${fmt.ratio(store / raw)} | ${fmt.ratio(store / emmett)} |`);
      report.add({
        section,
        name: `appends/s, ${writers} writer${writers > 1 ? 's' : ''}, distinct streams, vs raw INSERT`,
        value: `${fmt.rate(store)}/s`,
        baseline: `raw INSERT ${fmt.rate(raw)}/s`,
        ratio: fmt.ratio(store / raw),
        goal: writers === 16 ? '>= 0.6x raw' : '-',
        met: writers === 16 ? store / raw >= 0.6 : null,
      });
      report.add({
        section,
        name: `appends/s, ${writers} writer${writers > 1 ? 's' : ''}, distinct streams, vs emmett`,
        value: `${fmt.rate(store)}/s`,
        baseline: `emmett appendToStream ${fmt.rate(emmett)}/s`,
        ratio: fmt.ratio(store / emmett),
        goal: '>= 2.5x emmett',
        met: store / emmett >= 2.5,
      });
      // One writer cannot be grouped: each append waits for its own commit, as each raw INSERT does,
      // so the raw INSERT's rate is the most any store that commits each append can reach.
      if (writers === 1) {
        report.add({
          section,
          name: 'raw INSERT vs emmett, 1 writer: the most a store committing each append durably can reach against emmett',
          value: `raw INSERT ${fmt.rate(raw)}/s`,
          baseline: `emmett appendToStream ${fmt.rate(emmett)}/s`,
          ratio: fmt.ratio(raw / emmett),
          goal: '-',
          met: null,
        });
      }
    }
    report.detail(
      [
        `### Appends on PostgreSQL (synchronous_commit=${synchronousCommit})`,
        '',
        `One event per append, each writer cycling over ${STREAMS_PER_WRITER} streams of its own with the exact expected revision from its previous append; `,
        `the pool has as many connections as writers, for each system. ${rounds} round(s) of ${seconds} s per system and writer count, order rotated; medians.`,
        `Raw INSERT: one autocommit single-row INSERT into \`raw_events (LIKE events INCLUDING ALL)\` (same columns, constraints, indexes), no hashing, no head row.`,
        '',
        ...table,
        '',
        'CPU of the benchmark process per append (user+system, all writer counts): ' +
          Object.entries(cpu).map(([name, entry]) => `${name} ${(entry.micros / Math.max(1, entry.count)).toFixed(0)} µs`).join(', ') + '. ' +
          'CPU of the PostgreSQL backends per append (from /proc, 10 ms ticks): ' +
          Object.entries(serverCpu).map(([name, entry]) => `${name} ${(entry.micros / Math.max(1, entry.count)).toFixed(0)} µs`).join(', ') + '.',
        '',
        'All rounds (appends/s): ' +
          Object.entries(results).map(([system, byWriters]) => `${system}: ${Object.entries(byWriters).map(([w, rates]) => `${w}w [${rates.map(fmt.rate).join(', ')}]`).join(' ')}`).join('; '),
      ].join('\n'),
    );
  } finally {
    await database.drop();
  }
}

/** The command the hot-stream writers send: one sign-off-sized event per command, decided on the stream's state. */
interface CountedEvent {
  type: 'AgreementSignedOff';
  data: Record<string, unknown>;
}
const countingDecider: Decider<{ op: string }, CountedEvent, { count: number }> = {
  initialState: () => ({ count: 0 }),
  evolve: (state) => ({ count: state.count + 1 }),
  decide: (command, state) => [{ type: 'AgreementSignedOff', data: { ...(newEvent(command.op).data as Record<string, unknown>), seen: state.count } }],
};

/**
 * 10 hot streams, 16 writers, each sending commands through the command pipeline (as the API
 * does: decide on the stream's state, append with its revision, recompute on a conflict); against
 * the same loop on distinct streams.
 */
export async function hotStreamsBenchmark(options: BenchOptions, report: Report): Promise<void> {
  const section = 'appends (PostgreSQL)';
  const database = await createScratchDatabase('hot');
  const seconds = options.quick ? 2 : 5;
  const rounds = options.quick ? 1 : 3;
  const writers = 16;
  const hotStreams = Array.from({ length: 10 }, (_, index) => `agreement-hot-${index}`);
  try {
    const pgDatabase = new PostgresDatabase({ connectionString: database.url, maxConnections: writers });
    await migrate(pgDatabase, { migrationsDir: MIGRATIONS_DIR });
    await warm(pgDatabase.pool, writers);
    const store = new PostgresEventStore(pgDatabase);
    // The pipeline's view of the store, counting the appends the compare-and-set refused.
    let refused = 0;
    const counting: EventStore = Object.create(store) as EventStore;
    counting.appendToStream = async (stream, events, appendOptions) => {
      try {
        return await store.appendToStream(stream, events, appendOptions);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) refused += 1;
        throw error;
      }
    };
    const actor = { subject: 'service-account-metro-operations', organizationId: 'metro-operations', roles: ['operator' as const] };
    const hot: number[] = [];
    const distinct: number[] = [];
    let committedHot = 0;
    let conflicts = 0;
    let replays = 0;
    const run = async (pick: (writer: number, n: number) => string, counter: 'hot' | 'distinct') => {
      const deadline = Date.now() + seconds * 1000;
      // One process's memory of folded streams (and its turns per stream), as AggregateCommands keeps.
      const remembered = new FoldedStreams(500);
      let committed = 0;
      const refusedBefore = refused;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let n = 0; Date.now() < deadline; n++) {
            const stream = pick(writer, n);
            const op = randomUUID();
            const context = { actor, now: new Date().toISOString(), idempotencyKey: `bench/${op}`, correlationId: op, causationId: null };
            const result = await handleCommand(counting, countingDecider, stream, { op }, context, { recomputeOnConflict: true }, remembered);
            if (result.idempotentReplay) replays += 1;
            else committed += 1;
          }
        }),
      );
      if (counter === 'hot') {
        committedHot += committed;
        conflicts += refused - refusedBefore;
      }
      return committed / ((performance.now() - started) / 1000);
    };
    for (let r = 0; r < rounds; r++) {
      const pair: Array<() => Promise<void>> = [
        async () => {
          const rate = await run(() => hotStreams[Math.floor(Math.random() * hotStreams.length)], 'hot');
          hot.push(rate);
          log(`hot streams: ${fmt.rate(rate)}/s committed`);
        },
        async () => {
          const rate = await run((writer, n) => `agreement-distinct-${r}-${writer}-${n % STREAMS_PER_WRITER}`, 'distinct');
          distinct.push(rate);
          log(`distinct streams (same loop): ${fmt.rate(rate)}/s`);
        },
      ];
      if (r % 2 === 1) pair.reverse();
      for (const step of pair) await step();
    }
    // Duplicates and chain integrity: every committed append is exactly one row, revisions are gapless, chains verify.
    const { rows } = await pgDatabase.query<{ rows: string; ops: string; gapless: boolean }>(
      `SELECT count(*)::text AS rows, count(DISTINCT data->>'op')::text AS ops,
              bool_and(n = max_revision + 1) AS gapless
         FROM events e
         JOIN (SELECT stream_id, count(*) AS n, max(revision) AS max_revision FROM events WHERE stream_id = ANY($1) GROUP BY stream_id) s USING (stream_id)
        WHERE e.stream_id = ANY($1)`,
      [hotStreams],
    );
    const stored = Number(rows[0].rows);
    const duplicates = stored - Number(rows[0].ops);
    const verified = await Promise.all(hotStreams.map((stream) => store.verifyStream(stream)));
    const intact = verified.every((verification) => verification.intact);
    await pgDatabase.close();
    const ratio = median(hot) / median(distinct);
    const consistent = duplicates === 0 && stored === committedHot && rows[0].gapless && intact;
    report.add({
      section,
      name: 'committed appends/s, 10 hot streams, 16 writers (commands through the pipeline: decide, append, recompute on conflict)',
      value: `${fmt.rate(median(hot))}/s, ${duplicates} duplicates`,
      baseline: `distinct streams, same loop ${fmt.rate(median(distinct))}/s`,
      ratio: fmt.ratio(ratio),
      goal: '>= 0.5x, 0 duplicates',
      met: ratio >= 0.5 && consistent,
      note: `${committedHot} appends committed, ${stored} rows stored, ${conflicts} appends refused by the compare-and-set (${(conflicts / Math.max(1, committedHot)).toFixed(2)} per commit), ${replays} idempotent replays, revisions gapless: ${rows[0].gapless}, hash chains intact: ${intact}.`,
    });
  } finally {
    await database.drop();
  }
}

/** PGlite (embedded default, on disk like DATA_DIR): appends through the store vs raw INSERT. One connection whatever the writers. */
export async function pgliteAppendsBenchmark(options: BenchOptions, report: Report): Promise<void> {
  const section = 'appends (PGlite)';
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-bench-pglite-'));
  const seconds = options.quick ? 1 : 3;
  const rounds = options.quick ? 1 : 2;
  try {
    const database = await PgliteDatabase.open(dataDir);
    await migrate(database, { migrationsDir: MIGRATIONS_DIR });
    const raw = await rawAppender(database);
    const store = storeAppender(database);
    const results: Record<string, Record<number, number[]>> = {};
    let round = 1000;
    for (const writers of [1, 16]) {
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [raw, store] : [store, raw];
        for (const appender of order) {
          round += 1;
          const rate = await measure(appender, writers, seconds, round);
          ((results[appender.name] ??= {})[writers] ??= []).push(rate);
          log(`pglite ${appender.name} ${writers} writers: ${fmt.rate(rate)}/s`);
        }
      }
      const storeRate = median(results[store.name][writers]);
      const rawRate = median(results[raw.name][writers]);
      report.add({
        section,
        name: `PGlite appends/s, ${writers} writer${writers > 1 ? 's' : ''}`,
        value: `${fmt.rate(storeRate)}/s`,
        baseline: `raw INSERT ${fmt.rate(rawRate)}/s`,
        ratio: fmt.ratio(storeRate / rawRate),
        goal: '- (reported)',
        met: null,
      });
    }
    await database.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
