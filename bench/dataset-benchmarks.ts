import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor, AgreementCommand } from '@app/domain';
import {
  compareCheckpoints,
  migrate,
  PgliteDatabase,
  PostgresDatabase,
  PostgresEventStore,
  type NewEvent,
  type SqlDatabase,
} from '@app/event-store';
import { READ_ALL } from '@app/event-store/postgres/postgres-event-store.sql.js';
import { AggregateCommands, commandContext } from '../src/application/aggregate-commands.service.js';
import { DEFAULT_REBUILD_WRITE_LANES, ProjectionRunner } from '../src/projections/projection-runner.js';
import { runnerProjections } from '../src/projections/projections.module.js';
import type { Projection } from '../src/projections/projection.js';
import { forEachConcurrently } from '../src/projections/for-each-concurrently.js';
import { ShadowCopies } from '../src/projections/shadow-copies.js';
import { AgreementQueries, allProjections, CategoryMatrixQuery, SocialSupportCoverageQuery } from '../src/read-models/index.js';
import { createScratchDatabase, existingDatabase, fmt, log, median, percentile, serverCpuMicros, sleep, type BenchOptions } from './lib/common.js';
import { actorsOf, templates } from './http.js';
import { load, type LoadResult } from './lib/load.js';
import { PARTIES, railTerms, type TemplateEvent, type Templates } from './lib/negotiation.js';
import type { Report } from './lib/report.js';
import { startServer, type GraphqlResponse } from './lib/server.js';

const MIGRATIONS_DIR = join(process.cwd(), 'migrations');
const YEAR_MS = 365 * 24 * 3600 * 1000;
/**
 * Writers generating the log, each with NEGOTIATIONS_IN_FLIGHT negotiations open at once (1,024 in
 * all, as with 16 writers of 64 before): 64 writers group more appends per commit (3,979 → 4,841
 * events/s on a 150,000-event log), which keeps a full run under the issue's 15 minutes; the log
 * rebuilds as fast as the one 16 writers wrote (bench/FINDINGS.md, section 5).
 */
const GENERATING_WRITERS = 64;
const NEGOTIATIONS_IN_FLIGHT = 1_024 / GENERATING_WRITERS;

interface Generated {
  events: number;
  useCases: number;
  agreements: number;
  assessed: number;
  seconds: number;
}

function countEvents(streams: Map<string, TemplateEvent[]>): number {
  return [...streams.values()].reduce((sum, events) => sum + events.length, 0);
}

/**
 * Writes `useCases` realistic negotiations with the real store: clones of a negotiation recorded
 * through the API (new ids, times spread over a year, fresh event ids; the store hashes and chains
 * them). A share of the use cases gets the full agreement, so that the log has about `events` events.
 */
async function generate(database: SqlDatabase, source: Templates, options: BenchOptions): Promise<Generated> {
  const started = performance.now();
  // Heads of every open negotiation's streams remembered (3 streams x 1,024 open): an append whose
  // head is not remembered reads it first, a second round trip.
  const store = new PostgresEventStore(database, { headCacheSize: 4_096 });
  for (const [stream, events] of source.shared) {
    await store.appendToStream(stream, events.map((event) => ({ ...cloneEvent(event, [], '', 0), occurredAt: event.occurredAt })), { expectedRevision: 'no_stream' });
  }
  const full = countEvents(source.withAgreement);
  const short = countEvents(source.assessmentOnly);
  const useCaseStream = `use-case-${source.ids.museumUseCaseId}`;
  const registeredOnly = new Map([[useCaseStream, source.assessmentOnly.get(useCaseStream)!]]);
  const tiny = countEvents(registeredOnly);
  const useCases = options.useCases;
  // Up to 20% of the use cases get a concluded agreement; then assessed-only and registered-only use cases fill the event budget.
  let withAgreement = Math.max(0, Math.min(Math.round(useCases * 0.2), Math.round((options.events - useCases * tiny) / (full - tiny))));
  if (options.events > withAgreement * full + (useCases - withAgreement) * short) {
    withAgreement = Math.max(0, Math.min(useCases, Math.round((options.events - useCases * short) / (full - short))));
  }
  const assessedOnly = Math.max(0, Math.min(useCases - withAgreement, Math.round((options.events - withAgreement * full - (useCases - withAgreement) * tiny) / (short - tiny))));
  const ids = source.ids;
  const base = Date.now() - YEAR_MS;
  let next = 0;
  let written = countEvents(source.shared);
  let reported = 0;
  const total = withAgreement * full + assessedOnly * short + (useCases - withAgreement - assessedOnly) * tiny;
  log(`generating ${useCases} use cases (${withAgreement} with a concluded agreement, ${assessedOnly} assessed only, the rest registered only): ~${total} events (${full}, ${short} and ${tiny} per use case)`);
  /** One negotiation being written: its commands in recorded order, how many are done, each stream's last revision. */
  interface Negotiation {
    index: number;
    commands: Array<{ stream: string; events: NewEvent[] }>;
    done: number;
    revisions: Map<string, number>;
  }
  const begin = (index: number): Negotiation => {
    // Spread the agreements evenly over the use cases (and so over the year).
    const concluded = Math.floor(((index + 1) * withAgreement) / useCases) > Math.floor((index * withAgreement) / useCases);
    const others = useCases - withAgreement;
    const rank = index - Math.floor((index * withAgreement) / useCases);
    const assessed = !concluded && others > 0 && Math.floor(((rank + 1) * assessedOnly) / others) > Math.floor((rank * assessedOnly) / others);
    const streams = concluded ? source.withAgreement : assessed ? source.assessmentOnly : registeredOnly;
    const replacements: Array<[string, string]> = concluded
      ? [[ids.railUseCaseId, randomUUID()], [ids.railAssessmentId, randomUUID()], [ids.agreementId, randomUUID()]]
      : [[ids.museumUseCaseId, randomUUID()], [ids.museumAssessmentId, randomUUID()]];
    const correlation = randomUUID();
    const offset = base + Math.floor((index / useCases) * YEAR_MS);
    const recorded = [...streams.values()].flat().sort((a, b) => a.position - b.position);
    const firstTemplateTime = Date.parse(recorded[0].occurredAt);
    const commands: Negotiation['commands'] = [];
    for (const event of recorded) {
      const stream = substitute(event.stream, replacements);
      const clone = cloneEvent(event, replacements, correlation, offset + (Date.parse(event.occurredAt) - firstTemplateTime), index);
      const last = commands.at(-1);
      // One command's events: the same stream, recorded at the same time.
      if (last && last.stream === stream && last.events.at(-1)!.occurredAt === clone.occurredAt) last.events.push(clone);
      else commands.push({ stream, events: [clone] });
    }
    return { index, commands, done: 0, revisions: new Map() };
  };
  // Each writer keeps NEGOTIATIONS_IN_FLIGHT negotiations open and appends the next command of one
  // of them at random, one append per command as the API records them: a negotiation's events are
  // spread over the log among others', as when many run at once over days (not one block per stream).
  await Promise.all(
    Array.from({ length: GENERATING_WRITERS }, async () => {
      const open: Negotiation[] = [];
      for (;;) {
        while (open.length < NEGOTIATIONS_IN_FLIGHT && next < useCases) open.push(begin(next++));
        if (open.length === 0) return;
        const pick = Math.floor(Math.random() * open.length);
        const negotiation = open[pick];
        const command = negotiation.commands[negotiation.done++];
        const revision = negotiation.revisions.get(command.stream);
        await store.appendToStream(command.stream, command.events, { expectedRevision: revision ?? 'no_stream' });
        negotiation.revisions.set(command.stream, (revision ?? -1) + command.events.length);
        written += command.events.length;
        if (negotiation.done === negotiation.commands.length) open.splice(pick, 1);
        if (written - reported >= total / 10) {
          reported = written;
          log(`  ${written} events written (${fmt.rate(written / ((performance.now() - started) / 1000))}/s)`);
        }
      }
    }),
  );
  return { events: written, useCases, agreements: withAgreement, assessed: withAgreement + assessedOnly, seconds: (performance.now() - started) / 1000 };
}

function substitute(text: string, replacements: Array<[string, string]>): string {
  let result = text;
  for (const [from, to] of replacements) if (result.includes(from)) result = result.split(from).join(to);
  return result;
}

function cloneEvent(event: TemplateEvent, replacements: Array<[string, string]>, correlation: string, occurredAt: number, index = 0): NewEvent {
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: JSON.parse(substitute(JSON.stringify(event.data), replacements)),
    metadata: {
      ...event.metadata,
      correlationId: correlation || event.metadata.correlationId,
      idempotencyKey: `${event.metadata.idempotencyKey}#${index}`,
    },
    occurredAt: new Date(occurredAt).toISOString(),
  };
}

/**
 * Applies the first `limit` events of the log to copies of a projection's tables, batch by batch
 * (1,000 events, one transaction each, as the runner does): set-based (`apply(batch)`) or one
 * event at a time (`apply([event])` per event). Returns events/s.
 */
async function applyPrefix(database: SqlDatabase, store: PostgresEventStore, projection: Projection, limit: number, perEvent: boolean): Promise<number> {
  const schema = 'bench_prefix';
  await database.transaction(async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await tx.query(`CREATE SCHEMA ${schema}`);
    for (const table of projection.tables) await tx.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
  });
  const started = performance.now();
  let after: string | undefined;
  let applied = 0;
  while (applied < limit) {
    const page = await store.readAll({ after, limit: Math.min(1_000, limit - applied) });
    if (page.events.length === 0) break;
    const relevant = page.events.filter((event) => projection.eventTypes.includes(event.type));
    await database.transaction(async (tx) => {
      await tx.query(`SELECT set_config('search_path', $1, true)`, [`${schema}, public`]);
      if (perEvent) for (const event of relevant) await projection.apply(tx, [event]);
      else if (relevant.length > 0) await projection.apply(tx, relevant);
    });
    after = page.checkpoint;
    applied += page.events.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await database.query(`DROP SCHEMA ${schema} CASCADE`);
  return applied / seconds;
}

export async function datasetBenchmarks(options: BenchOptions, report: Report): Promise<void> {
  const source = await templates();
  const scratch = options.dataset ? existingDatabase(options.dataset) : await createScratchDatabase('dataset');
  const database = new PostgresDatabase({ connectionString: scratch.url, maxConnections: 16 });
  try {
    await migrate(database, { migrationsDir: MIGRATIONS_DIR });
    const generated = options.dataset ? await describeDataset(database) : await generate(database, source, options);
    log(`${options.dataset ? `reusing ${options.dataset}:` : 'generated'} ${generated.events} events in ${generated.seconds.toFixed(0)} s (${fmt.rate(generated.events / generated.seconds)}/s)`);
    if (options.keepDataset && !options.dataset) log(`keeping the dataset: npm run bench -- --only=dataset --dataset=${scratch.name}`);
    report.detail(
      `### Generated log\n\n${generated.events.toLocaleString('en-US')} events: ${generated.useCases.toLocaleString('en-US')} use cases, ${generated.assessed.toLocaleString('en-US')} of them with an agreed assessment, ` +
        `${generated.agreements.toLocaleString('en-US')} with an agreement concluded by 4 parties (clones of a negotiation recorded through the API: challenge, ` +
        `failed policy check, counter-proposal, sign-offs), written with PostgresEventStore by ${GENERATING_WRITERS} writers, one append per command, each writer with ${NEGOTIATIONS_IN_FLIGHT} negotiations open at once and picking the next command of one at random (a negotiation's events are spread over the log among 1,000 others'), in ${generated.seconds.toFixed(0)} s ` +
        `(${fmt.rate(generated.events / generated.seconds)} events/s).` +
        (generated.events < 1_000_000
          ? ` **Scaled down** from 1,000,000 events${generated.useCases < 100_000 ? ' and 100,000 use cases' : ''} (--quick, --events or a smaller kept dataset); ` +
            `a full run's default is the full size.`
          : ''),
    );
    await database.query('VACUUM ANALYZE');
    await rebuildBenchmark(options, report, database);
    await queryBenchmarks(options, report, database, scratch.url, generated);
    await lagInItsOwnProcess(options, report, scratch.url, source);
  } finally {
    await database.close();
    if (options.keepDataset) scratch.keep();
    else await scratch.drop();
  }
}

/** What a kept dataset holds (its generation time is not known any more: reported as 0 s). */
async function describeDataset(database: SqlDatabase): Promise<Generated> {
  const { rows } = await database.query<{ events: string; use_cases: string; agreements: string; assessed: string }>(
    `SELECT (SELECT count(*) FROM events)::text AS events,
            (SELECT count(*) FROM streams WHERE stream_id LIKE 'use-case-%')::text AS use_cases,
            (SELECT count(*) FROM streams WHERE stream_id LIKE 'agreement-%')::text AS agreements,
            (SELECT count(*) FROM streams WHERE stream_id LIKE 'assessment-%')::text AS assessed`,
  );
  const row = rows[0];
  return { events: Number(row.events), useCases: Number(row.use_cases), agreements: Number(row.agreements), assessed: Number(row.assessed), seconds: 0 };
}

/** Time per event summed over the projections (events/s of each in `rates`) = time to bring every read model to the same point. */
function secondsPerEvent(rates: Record<string, number[]>): number {
  return Object.values(rates).reduce((sum, list) => sum + 1 / median(list), 0);
}

async function rebuildBenchmark(options: BenchOptions, report: Report, database: PostgresDatabase): Promise<void> {
  const section = 'projection rebuild (PostgreSQL)';
  const store = new PostgresEventStore(database);
  const projections = allProjections();
  const { rows } = await database.query<{ n: string }>(`SELECT count(*)::text AS n FROM events`);
  const events = Number(rows[0].n);

  // Baseline first on a prefix (one-row-per-event is too slow for the whole log), interleaved with set-based on the same prefix.
  const prefix = Math.min(events, options.quick ? 3_000 : 5_000);
  const rounds = options.quick ? 1 : 2;
  const setBased: Record<string, number[]> = {};
  const perEvent: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const projection of projections) {
      const order = r % 2 === 0 ? [false, true] : [true, false];
      for (const single of order) {
        const rate = await applyPrefix(database, store, projection, prefix, single);
        ((single ? perEvent : setBased)[projection.name] ??= []).push(rate);
      }
    }
  }
  const prefixSet = 1 / secondsPerEvent(setBased);
  const prefixSingle = 1 / secondsPerEvent(perEvent);
  log(`prefix of ${prefix} events: set-based ${fmt.rate(prefixSet)}/s, one row per event ${fmt.rate(prefixSingle)}/s`);

  // How much of a rebuild is reading: one pass of readAll over the whole log, in the rebuild's page size.
  const pageSize = options.rebuildBatch;
  let readSeconds = 0;
  let readPlan = '';
  let readCpu: CpuUse = { client: 0, server: 0 };
  {
    const readMeter = await cpuMeter();
    const t = performance.now();
    let after: string | undefined;
    for (;;) {
      const page = await store.readAll({ after, limit: pageSize });
      if (page.events.length === 0) break;
      after = page.checkpoint;
    }
    readSeconds = (performance.now() - t) / 1000;
    readCpu = await readMeter();
    const { rows: plan } = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${READ_ALL}`, ['0', '0', pageSize]);
    readPlan = plan.map((row) => row['QUERY PLAN']).filter((line) => /Execution Time|Planning Time|Index Scan|Sort/.test(line)).map((line) => line.trim()).join('; ');
    log(`reading the log once: ${readSeconds.toFixed(1)} s (${fmt.rate(events / readSeconds)} events/s)`);
  }

  // The real rebuild (shadow tables, one pass over the log for every projection, swap), as `npm run projections:rebuild` runs it.
  const runner = new ProjectionRunner(store, database, projections, { rebuildBatchSize: pageSize, rebuildCarried: options.rebuildCarried });
  const rebuildMeter = await cpuMeter();
  const started = performance.now();
  let lastLog = started;
  await runner.rebuildAll(projections, ({ applied }) => {
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  rebuild: ${applied} events applied (${fmt.rate(applied / ((lastLog - started) / 1000))}/s)`);
    }
  });
  const totalSeconds = (performance.now() - started) / 1000;
  const rebuildCpu = await rebuildMeter();
  const rate = events / totalSeconds;
  log(`rebuilt all ${projections.length} projections in ${totalSeconds.toFixed(1)} s (${fmt.rate(rate)} events/s)`);
  const scaled = events < 900_000 ? ` (log scaled down to ${events.toLocaleString('en-US')} events)` : '';
  report.add({
    section,
    name: `rebuild of all ${projections.length} projections from ${events.toLocaleString('en-US')} events${scaled}, one pass`,
    value: `${fmt.rate(rate)} events/s (${totalSeconds.toFixed(1)} s)`,
    baseline: `reading the log alone ${fmt.rate(events / readSeconds)} events/s`,
    ratio: fmt.ratio(rate / (events / readSeconds)),
    goal: '>= 60k events/s',
    met: rate >= 60_000,
  });

  // Each projection rebuilt alone (`npm run projections:rebuild <name>`): it reads only the events of its types.
  const alone: Array<{ name: string; seconds: number; applied: number }> = [];
  for (const projection of projections) {
    const t = performance.now();
    let applied = 0;
    await runner.rebuild(projection, (progress) => (applied = progress.applied));
    alone.push({ name: projection.name, seconds: (performance.now() - t) / 1000, applied });
  }
  const slowest = alone.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  log(`rebuilt alone: ${alone.map(({ name, seconds }) => `${name} ${seconds.toFixed(1)} s`).join(', ')}`);
  report.add({
    section,
    name: `rebuild of one projection alone from ${events.toLocaleString('en-US')} events${scaled}, slowest projection (${slowest.name})`,
    value: `${fmt.rate(events / slowest.seconds)} events/s (${slowest.seconds.toFixed(1)} s)`,
    baseline: `reading the log alone ${fmt.rate(events / readSeconds)} events/s`,
    ratio: fmt.ratio(events / slowest.seconds / (events / readSeconds)),
    goal: '>= 60k events/s',
    met: events / slowest.seconds >= 60_000,
    note: alone.map(({ name, seconds, applied }) => `${name} ${fmt.rate(events / seconds)}/s (${seconds.toFixed(1)} s, ${applied.toLocaleString('en-US')} events of its types)`).join('; '),
  });

  // What no rebuild can go below here: writing the rows the rebuild produced, with nothing to read or fold.
  const floorMeter = await cpuMeter();
  const floor = await writeFloor(database, projections);
  const floorCpu = await floorMeter();
  log(`write floor: load ${floor.loadSeconds.toFixed(1)} s + finish ${floor.finishSeconds.toFixed(1)} s`);
  // What 60k events/s leaves on this machine's cores, against what reading alone and writing alone take.
  const budget = (availableParallelism() * events) / 60_000;
  const cpuOf = (use: CpuUse) => use.client + use.server;
  const cpuText = (use: CpuUse) => `${cpuOf(use).toFixed(1)} CPU-s (this process ${use.client.toFixed(1)}, PostgreSQL ${use.server.toFixed(1)})`;
  const floorSeconds = floor.loadSeconds + floor.finishSeconds;
  // Reading the log alone and writing its rows alone: what the budget leaves beyond them is for folding and applying.
  const readAndWrite = cpuOf(readCpu) + cpuOf(floorCpu);
  report.add({
    section,
    name: `floor: the rebuilt rows of all ${projections.length} projections (${floor.rows.toLocaleString('en-US')} rows, ${floor.megabytes.toFixed(0)} MB) written inside PostgreSQL, nothing read or folded`,
    value: `${floorSeconds.toFixed(1)} s = ${fmt.rate(events / floorSeconds)} events/s of the log`,
    baseline: `the one-pass rebuild ${totalSeconds.toFixed(1)} s`,
    ratio: fmt.ratio(floorSeconds / totalSeconds),
    goal: '-',
    met: null,
    note:
      `INSERT ... SELECT from the live tables into fresh copies made as the rebuild makes them (unlogged, constraints and lookup indexes only), two tables at a time: ${floor.loadSeconds.toFixed(1)} s; ` +
      `then made logged, the other indexes built and ANALYZEd, as the rebuild finishes its copies: ${floor.finishSeconds.toFixed(1)} s`,
  });
  report.add({
    section,
    name: `CPU of the one-pass rebuild of all ${projections.length} projections, against what 60k events/s leaves on ${availableParallelism()} cores`,
    value: cpuText(rebuildCpu),
    baseline: `${budget.toFixed(1)} CPU-s (${availableParallelism()} cores x ${(events / 60_000).toFixed(1)} s)`,
    ratio: fmt.ratio(cpuOf(rebuildCpu) / budget),
    goal: '-',
    met: null,
    note:
      `reading the log alone ${cpuText(readCpu)} and writing the rows alone (the floor) ${cpuText(floorCpu)}: ${readAndWrite.toFixed(1)} CPU-s, ` +
      `which leaves ${(budget - readAndWrite).toFixed(1)} of the budget for folding and applying; the one pass spent ${(cpuOf(rebuildCpu) - readAndWrite).toFixed(1)} on them`,
  });
  report.add({
    section,
    name: `set-based apply vs one-row-per-event apply, all projections, first ${prefix.toLocaleString('en-US')} events`,
    value: `${fmt.rate(prefixSet)} events/s`,
    baseline: `one event per apply ${fmt.rate(prefixSingle)} events/s`,
    ratio: fmt.ratio(prefixSet / prefixSingle),
    goal: '>= 8x',
    met: prefixSet / prefixSingle >= 8,
  });
  report.detail(
    [
      '### Rebuild per projection (prefix)',
      '',
      '| projection | prefix set-based events/s | prefix one-per-event events/s | ratio |',
      '| --- | --- | --- | --- |',
      ...projections.map(({ name }) =>
        `| ${name} | ${fmt.rate(median(setBased[name]))} | ${fmt.rate(median(perEvent[name]))} | ${fmt.ratio(median(setBased[name]) / median(perEvent[name]))} |`),
      '',
      `Reading the log once with \`readAll\` (pages of ${pageSize.toLocaleString('en-US')}, no apply): ${readSeconds.toFixed(1)} s, ${fmt.rate(events / readSeconds)} events/s; ` +
        `the one-pass rebuild of every projection took ${totalSeconds.toFixed(1)} s, ${((readSeconds * 100) / totalSeconds).toFixed(0)}% of it the time a read alone takes (the next page is read while the current one is applied).`,
      '',
      `One page of ${pageSize.toLocaleString('en-US')} events of \`READ_ALL\` on the server (EXPLAIN ANALYZE): ${readPlan}.`,
      '',
      `CPU (this process and the whole PostgreSQL server, from /proc): reading the log alone ${cpuText(readCpu)}; the one-pass rebuild ${cpuText(rebuildCpu)} in ${totalSeconds.toFixed(1)} s; ` +
        `the write floor ${cpuText(floorCpu)}. 60k events/s over ${events.toLocaleString('en-US')} events leaves ${budget.toFixed(1)} CPU-s on ${availableParallelism()} cores; ` +
        `reading alone and writing alone take ${readAndWrite.toFixed(1)} of them, before any event is folded.`,
      '',
      `Rebuild = \`ProjectionRunner.rebuildAll\` (what \`npm run projections:rebuild\` runs): shadow tables, the log read once in pages of ${pageSize.toLocaleString('en-US')} ` +
        `applied to the projections' unlogged copies concurrently (a transaction per projection and page) while the next page is read; the aggregates each projection lets go are written ` +
        `behind the pages, in ${DEFAULT_REBUILD_WRITE_LANES} transactions at once shared among the projections rebuilt (one each at least; only for projections that say which writes may not run together); ` +
        `copies made logged, swap of all copies in one transaction.`,
    ].join('\n'),
  );
}

interface CpuUse {
  /** CPU seconds of this process. */
  client: number;
  /** CPU seconds of the local PostgreSQL server (all its processes). */
  server: number;
}

/** Starts counting CPU; the function returned tells what was used since. */
async function cpuMeter(): Promise<() => Promise<CpuUse>> {
  const client = process.cpuUsage();
  const server = await serverCpuMicros();
  return async () => {
    const used = process.cpuUsage(client);
    return { client: (used.user + used.system) / 1e6, server: ((await serverCpuMicros()) - server) / 1e6 };
  };
}

/**
 * The least any rebuild must write: the rows a rebuild produced, copied inside PostgreSQL (no
 * client, no parsing) into copies created and finished by the rebuild's own `ShadowCopies`.
 */
async function writeFloor(database: SqlDatabase, projections: readonly Projection[]): Promise<{ loadSeconds: number; finishSeconds: number; rows: number; megabytes: number }> {
  const copies = projections.map((projection) => new ShadowCopies(projection, 'floor'));
  try {
    await database.transaction(async (tx) => {
      for (const copy of copies) await copy.create(tx);
    });
    const tables = copies.flatMap((copy) => copy.projection.tables.map((table) => ({ schema: copy.schema, table })));
    const { rows: sizes } = await database.query<{ rows: string; bytes: string }>(
      `SELECT sum(n_live_tup)::text AS rows, sum(pg_table_size(relid))::text AS bytes FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = ANY($1::text[])`,
      [tables.map(({ table }) => table)],
    );
    const started = performance.now();
    // Two tables at a time, as the rebuild finishes its copies.
    await forEachConcurrently(tables, 2, async ({ schema, table }) => {
      await database.query(`INSERT INTO ${schema}.${table} SELECT * FROM public.${table}`);
    });
    const loaded = performance.now();
    await ShadowCopies.finish(database, copies);
    return {
      loadSeconds: (loaded - started) / 1000,
      finishSeconds: (performance.now() - loaded) / 1000,
      rows: Number(sizes[0].rows),
      megabytes: Number(sizes[0].bytes) / 1024 / 1024,
    };
  } finally {
    for (const copy of copies) await database.query(`DROP SCHEMA IF EXISTS ${copy.schema} CASCADE`);
  }
}

/** Runs `work` `iterations` times, one after the other: each run's milliseconds. */
async function timeEach(iterations: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times;
}

/** p50 and p99 of in-process timings (ms). */
function directText(times: number[]): string {
  return `p50 ${fmt.ms(percentile(times, 50))} ms, p99 ${fmt.ms(percentile(times, 99))} ms`;
}

const MATRIX_QUERY = `query { categoryMatrix { recovery economic useCases assessmentsAgreed agreementsConcluded agreementsByStatus { status count } perspectives { perspective required covered gaps } } }`;
const AGREEMENTS_PAGE = `pageInfo { endCursor hasNextPage } edges { cursor node { id status category { recovery economic } latestVersion } }`;
const AGREEMENTS_QUERY = `query { agreements(first: 20) { totalCount ${AGREEMENTS_PAGE} } }`;
/** The same page without totalCount: the count runs only when selected. */
const AGREEMENTS_PAGE_QUERY = `query { agreements(first: 20) { ${AGREEMENTS_PAGE} } }`;
/** What an insurer reviews first: the nine cells' counts and coverage totals, no agreement named. */
const COVERAGE_QUERY = `query { socialSupportCoverage { recovery economic required recommended covered uncoveredCount hiddenCount coverageTotals { currency amount } } }`;

async function queryBenchmarks(options: BenchOptions, report: Report, database: PostgresDatabase, url: string, generated: Generated): Promise<void> {
  const section = `read-model queries, ${generated.useCases.toLocaleString('en-US')} use cases`;
  const server = await startServer(url, { PROJECTIONS_IN_PROCESS: 'false' });
  const seconds = options.quick ? 2 : 4;
  const rounds = options.quick ? 1 : 2;
  try {
    const party = await server.token('acme-devices');
    const insurer = await server.token('harbor-insurance');
    const auditor = await server.token('audit-office');
    // `goal: false`: a figure the issue sets no goal for, reported beside the others.
    const cases: Array<{ name: string; body: string; token: string; direct: keyof Awaited<ReturnType<typeof direct>>; goal?: false }> = [
      { name: 'categoryMatrix', body: JSON.stringify({ query: MATRIX_QUERY }), token: party, direct: 'matrix' },
      {
        name: 'agreements(first: 20), page without totalCount, as a party (acme-devices, party to every agreement)',
        body: JSON.stringify({ query: AGREEMENTS_PAGE_QUERY }),
        token: party,
        direct: 'agreementsParty',
      },
      {
        name: 'agreements(first: 20) with totalCount as a party (acme-devices, party to every agreement)',
        body: JSON.stringify({ query: AGREEMENTS_QUERY }),
        token: party,
        direct: 'agreementsPartyCounted',
      },
      { name: 'agreements(first: 20) with totalCount as an auditor (sees everything)', body: JSON.stringify({ query: AGREEMENTS_QUERY }), token: auditor, direct: 'agreementsAll' },
      {
        name: 'socialSupportCoverage, counts and coverage totals (no details), as an insurer (harbor-insurance, party to every agreement)',
        body: JSON.stringify({ query: COVERAGE_QUERY }),
        token: insurer,
        direct: 'coverage',
        goal: false,
      },
    ];
    for (const c of cases) {
      const check = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body: c.body });
      // categoryMatrix, agreements or socialSupportCoverage, as the case's query selects (only the agreements' count is read).
      const body = (await check.json()) as GraphqlResponse<{ agreements?: { totalCount: number } }>;
      if (body.errors) throw new Error(`${c.name}: ${JSON.stringify(body.errors)}`);
      if (c.name.startsWith('agreements(first: 20) with')) log(`${c.name}: totalCount ${body.data?.agreements?.totalCount}`);
      await load(`${server.baseUrl}/graphql`, 1, 1, [{ body: c.body }], { authorization: `Bearer ${c.token}` });
    }
    const results = new Map<string, LoadResult[]>();
    for (let r = 0; r < rounds; r++) {
      for (const c of r % 2 === 0 ? cases : [...cases].reverse()) {
        const result = await load(`${server.baseUrl}/graphql`, 1, seconds, [{ body: c.body }], { authorization: `Bearer ${c.token}` });
        results.set(c.name, [...(results.get(c.name) ?? []), result]);
        log(`${c.name}: p50 ${result.p50} ms p99 ${result.p99} ms (${fmt.rate(result.perSecond)}/s)`);
      }
    }
    // The same queries in process, to separate SQL from GraphQL/HTTP, on PostgreSQL and on PGlite.
    const time = (work: () => Promise<unknown>) => timeEach(options.quick ? 50 : 200, work);
    async function direct(db: SqlDatabase) {
      const matrix = new CategoryMatrixQuery(db);
      const agreements = new AgreementQueries(db);
      const coverage = new SocialSupportCoverageQuery(db);
      return {
        matrix: await time(() => matrix.cells()),
        agreementsParty: await time(() => agreements.page({ first: 20 }, { organizationId: 'acme-devices', seesEverything: false })),
        agreementsPartyCounted: await time(async () =>
          (await agreements.page({ first: 20 }, { organizationId: 'acme-devices', seesEverything: false })).countTotal(),
        ),
        agreementsAll: await time(async () => (await agreements.page({ first: 20 }, { organizationId: 'audit-office', seesEverything: true })).countTotal()),
        coverage: await time(() => coverage.report({ organizationId: 'harbor-insurance', seesEverything: false })),
      };
    }
    const pgDirect = await direct(database);
    // The coverage report with every cell's agreements, as an auditor reads it: a line per agreement needing SOCIAL_SUPPORT.
    let detailed = 0;
    const coverageDetails = await timeEach(options.quick ? 3 : 10, async () => {
      const cells = await new SocialSupportCoverageQuery(database).report({ organizationId: 'audit-office', seesEverything: true });
      detailed = (await Promise.all(cells.map((cell) => cell.details()))).flat().length;
    });
    const explain = async (sql: string, params: unknown[]) =>
      (await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
    // Where the agreements page spends its time: the count, the page query, and the size of what the page returns.
    const timeSql = async (sql: string, params: unknown[]) => directText(await timeEach(options.quick ? 30 : 100, () => database.query(sql, params)));
    const countTime = await timeSql(`SELECT count(*)::int AS total FROM agreement_view WHERE involved @> ARRAY[$1]::text[]`, ['acme-devices']);
    const pageTime = await timeSql(
      `SELECT id, state, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at FROM agreement_view WHERE involved @> ARRAY[$1]::text[] ORDER BY agreement_view.created_at, agreement_view.id LIMIT 21`,
      ['acme-devices'],
    );
    const { rows: sizes } = await database.query<{ n: string; stored: string; text: string; table_mb: string }>(
      `SELECT count(*)::text AS n, avg(pg_column_size(state))::int::text AS stored, avg(octet_length(state::text))::int::text AS text,
              (pg_total_relation_size('agreement_view') / 1048576)::text AS table_mb FROM agreement_view`,
    );
    report.detail(
      `### Agreements page split (PostgreSQL, in process, as a party)\n\n${sizes[0].n} rows in agreement_view (${sizes[0].table_mb} MB with indexes and TOAST); ` +
        `\`state\` averages ${sizes[0].stored} bytes stored and ${sizes[0].text} bytes as JSON text. The count query alone: ${countTime}; the page query alone (21 rows with state): ${pageTime}; ` +
        `\`AgreementQueries.page\` (the page and its mapping; the count runs only when \`totalCount\` is selected): ${directText(pgDirect.agreementsParty)}, with the count: ${directText(pgDirect.agreementsPartyCounted)}.`,
    );
    report.detail(
      [
        '### Query plans (PostgreSQL, agreements as a party)',
        '',
        '```',
        await explain(`SELECT count(*)::int AS total FROM agreement_view WHERE involved @> ARRAY[$1]::text[]`, ['acme-devices']),
        '```',
        '',
        '```',
        // The page query as pageAggregates writes it: ORDER BY names the table's columns (a bare name would sort the ISO text alias).
        await explain(
          `SELECT id, state, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at FROM agreement_view WHERE involved @> ARRAY[$1]::text[] ORDER BY agreement_view.created_at, agreement_view.id LIMIT 21`,
          ['acme-devices'],
        ),
        '```',
        '',
        '```',
        await explain(`SELECT recovery, economic, metric, value::text AS value FROM assessment_category_stats UNION ALL SELECT recovery, economic, metric, value::text AS value FROM agreement_category_stats`, []),
        '```',
      ].join('\n'),
    );
    const pglite = await PgliteDatabase.open();
    let pgliteDirect: Awaited<ReturnType<typeof direct>> | undefined;
    try {
      await migrate(pglite, { migrationsDir: MIGRATIONS_DIR });
      await copyTables(database, pglite, ['agreement_view', 'assessment_category_stats', 'agreement_category_stats', 'social_support_count', 'social_support_total']);
      await pglite.query('ANALYZE');
      pgliteDirect = await direct(pglite);
    } finally {
      await pglite.close();
    }
    cases.forEach((c) => {
      const list = results.get(c.name)!;
      const p99 = median(list.map((result) => result.p99));
      report.add({
        section,
        name: `${c.name} over HTTP, 1 client`,
        value: `p50 ${fmt.ms(median(list.map((result) => result.p50)))} ms, p99 ${fmt.ms(p99)} ms`,
        baseline: `in process on PostgreSQL: ${directText(pgDirect[c.direct])}`,
        goal: c.goal === false ? '- (reported)' : 'p99 <= 10 ms',
        met: c.goal === false ? null : p99 <= 10,
      });
      report.add({
        section: section.replace('queries', 'queries (PGlite)'),
        name: `${c.name}, in process on PGlite (same rows)`,
        value: directText(pgliteDirect![c.direct]),
        baseline: `PostgreSQL in process: ${directText(pgDirect[c.direct])}`,
        goal: '- (reported)',
        met: null,
      });
    });
    report.add({
      section,
      name: `socialSupportCoverage with every cell's agreements (${detailed.toLocaleString('en-US')} lines), as an auditor, in process on PostgreSQL`,
      value: directText(coverageDetails),
      baseline: `the counts alone, as an insurer: ${directText(pgDirect.coverage)}`,
      goal: '- (reported)',
      met: null,
      note: 'The details are read only when a client selects them (the counts and totals come from counters the agreements projection keeps), once for the nine cells.',
    });
  } finally {
    await server.stop();
  }
}

/** Copies read-model tables row for row into another database (PGlite), in chunks. */
async function copyTables(from: SqlDatabase, to: SqlDatabase, tables: string[]): Promise<void> {
  for (const table of tables) {
    let offset = 0;
    for (;;) {
      const { rows } = await from.query<{ rows: string | null }>(
        `SELECT json_agg(t)::text AS rows FROM (SELECT * FROM ${table} ORDER BY 1 LIMIT 2000 OFFSET $1) t`,
        [offset],
      );
      if (!rows[0].rows) break;
      await to.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(null::${table}, $1::jsonb)`, [rows[0].rows]);
      offset += 2000;
    }
  }
}

/**
 * The lag benchmark in a process of its own (`lag-process.ts`), as `run.ts` runs each benchmark:
 * its commands and the watcher that times the projections share their process, which here would
 * be the one that generated the log and ran the rebuild and query benchmarks, with what they left
 * in its heap (bench/FINDINGS.md, section 8).
 */
async function lagInItsOwnProcess(options: BenchOptions, report: Report, url: string, source: Templates): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iot-ssf-lag-'));
  const actorsFile = join(dir, 'actors.json');
  const reportFile = join(dir, 'report.json');
  writeFileSync(actorsFile, JSON.stringify([...actorsOf(source)]));
  const child = spawn(process.execPath, [fileURLToPath(new URL('./lag-process.js', import.meta.url)), url, actorsFile, reportFile, ...process.argv.slice(2)], { stdio: 'inherit' });
  // This process stopped (the run interrupted) stops the lag's process too, and so its projector.
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (!report.takeOver(reportFile)) throw new Error(`the lag benchmark's process exited (${code}) without a report`);
  } finally {
    process.off('exit', stop);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Commands at a sustained rate (open loop) through the real pipeline (AggregateCommands:
 * organization check, read, fold, decide, append), with the projector in its own process
 * (`dist/src/cli/projector.js`). Lag = from the append's return to the moment every projection's
 * checkpoint has passed it (checkpoints polled every 5 ms).
 *
 * The goal is for a sustained rate, so the figure is the load's steady state: the same load runs
 * first for a start-up window long enough to give every driven agreement one command (its first
 * command in this process reads and folds its stream; later ones decide on the remembered state),
 * and that window's lag is reported on a row of its own, not left out of the results.
 */
export async function lagBenchmark(options: BenchOptions, report: Report, database: PostgresDatabase, url: string, actors: ReadonlyMap<string, Actor>): Promise<void> {
  const section = 'projection lag (PostgreSQL)';
  const rate = 500;
  const seconds = options.quick ? 8 : 30;
  // 3,000 agreements at 500 commands/s: each has had its first command after 6 s.
  const startUpSeconds = options.quick ? 3 : 8;
  // As deployed, the saga's projection is as far as the read models (the rebuild above covers those
  // only): caught up before the projector starts, which would otherwise take that catch-up over
  // batch by batch (~500,000 events) while the load is measured.
  await new ProjectionRunner(new PostgresEventStore(database), database, runnerProjections(), { batchSize: 5_000 }).catchUpAll();
  const projector = spawn(process.execPath, ['dist/src/cli/projector.js'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Stopped with this process, however it ends (an interrupted run).
  const stopProjector = () => projector.kill('SIGTERM');
  process.once('exit', stopProjector);
  let projectorErr = '';
  projector.stderr?.on('data', (chunk: Buffer) => (projectorErr = (projectorErr + chunk.toString()).slice(-2000)));
  // The load starts once the projector says it runs (its loop starts with the application).
  const projectorUp = new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`projector not running after 60 s: ${projectorErr.slice(-500)}`)), 60_000);
    projector.stdout?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4_000);
      if (out.includes('projector running')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const driverDb = new PostgresDatabase({ connectionString: url, maxConnections: 16 });
  const store = new PostgresEventStore(driverDb);
  const commands = new AggregateCommands(store);
  const names = allProjections().map((projection) => projection.name);
  try {
    const { rows } = await database.query<{ id: string; latest_version: number }>(
      `SELECT id, latest_version FROM agreement_view WHERE status = 'CONCLUDED' ORDER BY id LIMIT 3000`,
    );
    if (rows.length < 100) throw new Error(`only ${rows.length} concluded agreements to drive`);
    // Wait for the projector to be up (its checkpoints are already at the head).
    await projectorUp;
    await sleep(500);
    const lanes = rows.map((row) => ({ id: row.id, latest: row.latest_version, step: 0, version: 0, digest: '' }));
    const idle = [...lanes];
    // Commands issued in the start-up window are timed apart (`startUp`) from the measured ones.
    const pending: Array<{ done: number; checkpoint: string; seen: Set<string>; startUp: boolean }> = [];
    const perProjection = new Map<string, number[]>(names.map((name) => [name, []]));
    const lags: number[] = [];
    const latencies: number[] = [];
    const startUpLags: number[] = [];
    const startUpLatencies: number[] = [];
    const failures: string[] = [];
    let issued = 0;
    let completed = 0;
    let skipped = 0;
    let variant = 0;
    // Shared by the lanes (inFlight), the driver loop below (watching, stoppedAt) and the watcher, which run concurrently.
    const progress = { inFlight: 0, watching: true, stoppedAt: Infinity };
    const runLane = async (lane: (typeof lanes)[number], startUp: boolean) => {
      progress.inFlight += 1;
      const started = performance.now();
      try {
        const party = lane.step === 0 ? 'acme-devices' : PARTIES[lane.step - 1];
        const actor = actors.get(party)!;
        const context = commandContext(actor, null, randomUUID());
        const build = (metadata: AgreementCommand['metadata']): AgreementCommand =>
          lane.step === 0
            ? { type: 'ProposeTerms', data: { agreementId: lane.id, baseVersion: lane.latest, clauses: railTerms(true, ++variant) }, metadata }
            : { type: 'SignOff', data: { agreementId: lane.id, version: lane.version, digest: lane.digest }, metadata };
        const result = await commands.execute('agreement', lane.id, build, context, { recomputeOnConflict: true });
        const done = performance.now();
        (startUp ? startUpLatencies : latencies).push(done - started);
        if (result.checkpoint) pending.push({ done, checkpoint: result.checkpoint, seen: new Set(), startUp });
        const state = result.state;
        if (lane.step === 0 && state.status !== 'NONE' && state.current) {
          lane.version = state.current.version;
          lane.digest = state.current.digest;
          lane.latest = state.latestVersion;
        }
        lane.step = (lane.step + 1) % (PARTIES.length + 1);
        completed += 1;
      } catch (error) {
        failures.push(String(error).slice(0, 200));
        lane.step = 0;
      } finally {
        progress.inFlight -= 1;
        idle.push(lane);
      }
    };
    const watcher = (async () => {
      while (progress.watching || pending.length > 0) {
        const { rows: checkpoints } = await database.query<{ projection: string; checkpoint: string | null }>(
          `SELECT projection, checkpoint FROM projection_checkpoints WHERE projection = ANY($1::text[])`,
          [names],
        );
        const now = performance.now();
        for (const row of checkpoints) {
          if (row.checkpoint === null) continue;
          for (const entry of pending) {
            if (!entry.seen.has(row.projection) && compareCheckpoints(row.checkpoint, entry.checkpoint) >= 0) {
              entry.seen.add(row.projection);
              if (!entry.startUp) perProjection.get(row.projection)?.push(now - entry.done);
            }
          }
        }
        const reached = checkpoints.map((row) => row.checkpoint).filter((c): c is string => c !== null);
        if (reached.length === names.length) {
          const slowest = reached.reduce((min, c) => (compareCheckpoints(c, min) < 0 ? c : min));
          for (let i = pending.length - 1; i >= 0; i--) {
            if (compareCheckpoints(slowest, pending[i].checkpoint) >= 0) {
              (pending[i].startUp ? startUpLags : lags).push(now - pending[i].done);
              pending.splice(i, 1);
            }
          }
        }
        if (!progress.watching && pending.length > 0 && now - progress.stoppedAt > 15_000) break;
        await sleep(5);
      }
    })();
    const start = performance.now();
    const measuredFrom = start + startUpSeconds * 1000;
    const end = measuredFrom + seconds * 1000;
    // What the start-up window had issued and completed when the measured window began.
    let atMeasuredStart: { issued: number; completed: number } | undefined;
    while (performance.now() < end) {
      const now = performance.now();
      const startUp = now < measuredFrom;
      if (!startUp && !atMeasuredStart) atMeasuredStart = { issued, completed };
      const due = Math.floor(((now - start) / 1000) * rate);
      while (issued < due) {
        // Checked before taking a lane: a lane taken and then not run would be lost for the rest of the run.
        const lane = progress.inFlight < 256 ? idle.shift() : undefined;
        if (!lane) {
          skipped += due - issued;
          issued = due;
          break;
        }
        issued += 1;
        void runLane(lane, startUp);
      }
      await sleep(2);
    }
    const achievedSeconds = (performance.now() - measuredFrom) / 1000;
    const completedMeasured = completed - (atMeasuredStart?.completed ?? 0);
    while (progress.inFlight > 0) await sleep(10);
    progress.stoppedAt = performance.now();
    progress.watching = false;
    await watcher;
    const achieved = completedMeasured / achievedSeconds;
    const p99 = percentile(lags, 99);
    report.add({
      section,
      name: `projection lag at ${rate} commands/s sustained (achieved ${fmt.rate(achieved)}/s for ${seconds} s, after ${startUpSeconds} s of the same load)`,
      value: `p50 ${fmt.ms(percentile(lags, 50))} ms, p99 ${fmt.ms(p99)} ms, max ${fmt.ms(Math.max(...lags))} ms`,
      baseline: '-',
      goal: 'p99 <= 250 ms',
      met: p99 <= 250 && achieved >= rate * 0.95 && pending.length === 0,
      note:
        `commands through AggregateCommands in the bench process (16 connections), projector \`dist/src/cli/projector.js\` in its own process; ` +
        `command latency ${directText(latencies)}; ${failures.length} failed commands${failures.length ? ` (first: ${failures[0]})` : ''}; ` +
        `${skipped} not issued (no idle agreement or 256 in flight); ${pending.length} never seen by all projections within 15 s. ` +
        `Per projection p50/p99 ms: ${[...perProjection].map(([name, list]) => `${name} ${fmt.ms(percentile(list, 50))}/${fmt.ms(percentile(list, 99))}`).join(', ')}. ` +
        `Measured from ${startUpSeconds} s after the load started: the start-up window is the next row.`,
    });
    report.add({
      section,
      name: `projection lag in the load's first ${startUpSeconds} s (each of the ${lanes.length.toLocaleString('en-US')} agreements' first command in the process: its stream read and folded)`,
      value: `${directText(startUpLags)}, max ${fmt.ms(Math.max(...startUpLags))} ms`,
      baseline: '-',
      goal: '-',
      met: null,
      note:
        `${atMeasuredStart?.issued ?? 0} commands issued in the window, ${startUpLags.length} seen by every projection; command latency ${directText(startUpLatencies)} ` +
        `(the rows above: the load after it).`,
    });
  } finally {
    process.off('exit', stopProjector);
    projector.kill('SIGTERM');
    await new Promise<void>((resolve) => (projector.exitCode !== null ? resolve() : projector.once('exit', () => resolve())));
    await driverDb.close();
    if (projectorErr.trim()) log(`projector stderr: ${projectorErr.trim().slice(0, 500)}`);
  }
}
