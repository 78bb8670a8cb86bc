import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ACTOR_ROLES, agreementDecider, fold, type Actor, type ActorRole, type AgreementCommand, type AgreementEvent, type AgreementState } from '@app/domain';
import { PostgresDatabase, PostgresEventStore, type NewEvent } from '@app/event-store';
import { READ_STREAM } from '@app/event-store/postgres/postgres-event-store.sql.js';
import { createScratchDatabase, fmt, log, median, percentile, processCpuMicros, serverCpuMicros, sleep, type BenchOptions } from './lib/common.js';
import { load, type LoadRequest, type LoadResult } from './lib/load.js';
import {
  captureTemplates,
  type AgreementResult,
  OPEN_AGREEMENT,
  PARTIES,
  PROPOSE_TERMS,
  railTerms,
  runNegotiation,
  SIGN_OFF,
  type Templates,
} from './lib/negotiation.js';
import type { Report } from './lib/report.js';
import { startServer, type GraphqlResponse, type ServerProcess } from './lib/server.js';

const CLIENTS = 16;
const AGREEMENTS_PER_CLIENT = 8;

let captured: Templates | undefined;

/** Templates of a real negotiation, captured from the server of the HTTP benchmark (or a server of their own). */
export async function templates(): Promise<Templates> {
  if (captured) return captured;
  const database = await createScratchDatabase('templates');
  const server = await startServer(database.url);
  try {
    const ids = await runNegotiation(server, randomUUID().slice(0, 8));
    await sleep(300);
    captured = await captureTemplates(database.url, ids);
    return captured;
  } finally {
    await server.stop();
    await database.drop();
  }
}

/** The actor recorded on the template events of each organization (real token claims of the embedded provider). */
export function actorsOf(source: Templates): Map<string, Actor> {
  const actors = new Map<string, Actor>();
  for (const events of [...source.withAgreement.values(), ...source.assessmentOnly.values(), ...source.shared.values()]) {
    for (const event of events) {
      const actor = event.metadata?.actor;
      // The store records roles as strings; the API only ever records the domain's roles.
      if (actor && !actors.has(actor.organizationId)) actors.set(actor.organizationId, { ...actor, roles: actor.roles.filter(isActorRole) });
    }
  }
  return actors;
}

function isActorRole(role: string): role is ActorRole {
  return (ACTOR_ROLES as readonly string[]).includes(role);
}

async function openAgreements(server: ServerProcess, assessmentId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - start) }, () =>
        server.ok<{ openAgreement: AgreementResult }>('acme-devices', OPEN_AGREEMENT, { input: { assessmentId, partyIds: ['metro-operations', 'harbor-insurance', 'trust-labs'] } }),
      ),
    );
    ids.push(...batch.map((result) => result.openAgreement.id));
  }
  return ids;
}

/** What an autocannon connection carries through one negotiation cycle (reset to `{}` when a cycle starts). */
interface CycleContext {
  /** The agreement the cycle took from the free ones (set by proposeTerms). */
  agreementId?: string;
  /** The terms proposed in this cycle, which the parties sign. */
  version?: number;
  digest?: string;
  failed?: boolean;
}

type MutationField = 'proposeTerms' | 'signOff';

/**
 * A negotiation cycle per autocannon connection: proposeTerms (acme) then signOff by the four
 * parties (the last concludes); the next cycle amends. Each cycle takes a free agreement and gives
 * it back after the last sign-off, so no two clients ever act on one agreement.
 */
function mutationRequests(tokens: Record<string, string>, agreements: string[], latest: Map<string, number>, errors: string[]): Array<LoadRequest<CycleContext>> {
  // Never empty when a cycle starts: each of the CLIENTS connections holds at most one of the CLIENTS * AGREEMENTS_PER_CLIENT agreements.
  const free = [...agreements];
  let variant = 0;
  const parse = (body: string, field: MutationField, context: CycleContext): AgreementResult | null | undefined => {
    try {
      const response = JSON.parse(body) as GraphqlResponse<Partial<Record<MutationField, AgreementResult | null>>>;
      if (response.errors?.length) {
        context.failed = true;
        const current = response.errors[0].extensions?.currentVersion;
        if (field === 'proposeTerms' && typeof current === 'number' && context.agreementId !== undefined) latest.set(context.agreementId, current);
        if (errors.length < 20) errors.push(JSON.stringify(response.errors[0]).slice(0, 300));
        else errors.push('');
        return null;
      }
      // No `data` at all: counted like a body that is not JSON.
      if (!response.data) throw new TypeError('GraphQL response without data');
      return response.data[field];
    } catch {
      context.failed = true;
      errors.push(body.slice(0, 200));
      return null;
    }
  };
  const propose: LoadRequest<CycleContext> = {
    setupRequest(request, context) {
      const agreementId = free.shift();
      context.agreementId = agreementId;
      variant += 1;
      return {
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${tokens['acme-devices']}` },
        body: JSON.stringify({
          query: PROPOSE_TERMS,
          variables: { input: { agreementId, baseVersion: (agreementId === undefined ? undefined : latest.get(agreementId)) ?? 0, clauses: railTerms(true, variant) } },
        }),
      };
    },
    onResponse(_status, body, context) {
      const agreement = parse(body, 'proposeTerms', context);
      if (agreement) {
        context.version = agreement.currentTerms?.version;
        context.digest = agreement.currentTerms?.digest;
        if (context.agreementId !== undefined) latest.set(context.agreementId, agreement.latestVersion);
      }
    },
  };
  const signOffs = PARTIES.map((party, index): LoadRequest<CycleContext> => ({
    setupRequest(request, context) {
      return {
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${tokens[party]}` },
        body: JSON.stringify({ query: SIGN_OFF, variables: { input: { agreementId: context.agreementId, version: context.version ?? 0, digest: context.digest ?? '0'.repeat(64) } } }),
      };
    },
    onResponse(_status, body, context) {
      parse(body, 'signOff', context);
      if (index === PARTIES.length - 1 && context.agreementId !== undefined) free.push(context.agreementId);
    },
  }));
  return [propose, ...signOffs];
}

/** CPU used per request by each party, in µs. */
function perRequest(used: { api: number; database: number; load: number; requests: number }): string {
  const each = (micros: number) => `${Math.round(micros / Math.max(1, used.requests))}`;
  return `${each(used.api)} / ${each(used.database)} / ${each(used.load)} µs`;
}

const TRIVIAL_BODY = JSON.stringify({ query: '{ me { subject } }' });

/** Fresh agreements for a mutation run on a server, none of them touched yet. */
type FreshAgreements = (on: ServerProcess) => Promise<{ agreements: string[]; latest: Map<string, number> }>;

/** The parties' tokens and the GraphQL URL of `on`, after 2 s of each load (JIT, pools, caches). */
async function warmUp(on: ServerProcess, fresh: FreshAgreements): Promise<{ tokens: Record<string, string>; url: string }> {
  const tokens: Record<string, string> = {};
  for (const party of PARTIES) tokens[party] = await on.token(party);
  const url = `${on.baseUrl}/graphql`;
  await load(url, CLIENTS, 2, [{ body: TRIVIAL_BODY }], { authorization: `Bearer ${tokens['acme-devices']}` });
  const { agreements, latest } = await fresh(on);
  await load(url, CLIENTS, 2, mutationRequests(tokens, agreements, latest, []));
  return { tokens, url };
}

export async function httpBenchmark(options: BenchOptions, report: Report): Promise<void> {
  const section = 'GraphQL over HTTP (PostgreSQL)';
  const seconds = options.quick ? 4 : 10;
  const rounds = options.quick ? 1 : 3;
  const database = await createScratchDatabase('http');
  const server = await startServer(database.url, {}, { profileDir: options.profile ? join(process.cwd(), 'bench', 'profiles') : undefined });
  try {
    const ids = await runNegotiation(server, randomUUID().slice(0, 8));
    await sleep(300);
    captured ??= await captureTemplates(database.url, ids);
    // Every mutation run gets fresh agreements (opened before it, not timed), so that every run
    // acts on streams of the same length: a command reads its whole stream, so streams growing
    // run after run would make later runs slower than earlier ones.
    const fresh: FreshAgreements = async (on) => {
      const agreements = await openAgreements(on, ids.railAssessmentId, CLIENTS * AGREEMENTS_PER_CLIENT);
      return { agreements, latest: new Map<string, number>(agreements.map((id) => [id, 0])) };
    };
    const trivial: LoadResult[] = [];
    const mutations: LoadResult[] = [];
    const errors: string[] = [];
    let peakRssKb = 0;
    const rssBeforeLoad = server.memory().rssKb;
    let hwmBeforeMutations = 0;
    const { tokens, url } = await warmUp(server, fresh);
    if (options.profile) {
      // --profile: one mutation run only, profiled alone, the profile written by the server at exit (bench/profiles).
      const { agreements, latest } = await fresh(server);
      server.startProfile();
      const result = await load(url, CLIENTS, seconds, mutationRequests(tokens, agreements, latest, errors));
      log(`profiled mutations: ${fmt.rate(result.perSecond)}/s p50 ${result.p50} ms p99 ${result.p99} ms, errors ${errors.length}`);
      return;
    }
    // CPU per request of each party on the 2 cores: the API, the PostgreSQL server, and this process (the load generator).
    const cpu = { trivial: { api: 0, database: 0, load: 0, requests: 0 }, mutations: { api: 0, database: 0, load: 0, requests: 0 } };
    const accounted = async (kind: keyof typeof cpu, run: () => Promise<LoadResult>): Promise<LoadResult> => {
      const before = { api: processCpuMicros(server.child.pid), database: await serverCpuMicros(), load: process.cpuUsage() };
      const result = await run();
      const loadUsed = process.cpuUsage(before.load);
      cpu[kind].api += processCpuMicros(server.child.pid) - before.api;
      cpu[kind].database += (await serverCpuMicros()) - before.database;
      cpu[kind].load += loadUsed.user + loadUsed.system;
      cpu[kind].requests += result.requests;
      return result;
    };
    for (let r = 0; r < rounds; r++) {
      const steps: Array<() => Promise<void>> = [
        async () => {
          const result = await accounted('trivial', () => load(url, CLIENTS, seconds, [{ body: TRIVIAL_BODY }], { authorization: `Bearer ${tokens['acme-devices']}` }));
          trivial.push(result);
          log(`trivial query: ${fmt.rate(result.perSecond)}/s p50 ${result.p50} ms p99 ${result.p99} ms`);
        },
        async () => {
          const { agreements, latest } = await fresh(server);
          if (hwmBeforeMutations === 0) hwmBeforeMutations = server.memory().hwmKb;
          const sampler = setInterval(() => {
            peakRssKb = Math.max(peakRssKb, server.memory().rssKb);
          }, 20);
          const result = await accounted('mutations', () => load(url, CLIENTS, seconds, mutationRequests(tokens, agreements, latest, errors)));
          clearInterval(sampler);
          mutations.push(result);
          log(`mutations: ${fmt.rate(result.perSecond)}/s p50 ${result.p50} ms p99 ${result.p99} ms (GraphQL errors so far: ${errors.length})`);
        },
      ];
      if (r % 2 === 1) steps.reverse();
      for (const step of steps) await step();
    }
    const memory = server.memory();
    const trivialRate = median(trivial.map((result) => result.perSecond));
    const mutationRate = median(mutations.map((result) => result.perSecond));
    const p50 = median(mutations.map((result) => result.p50));
    const p99 = median(mutations.map((result) => result.p99));
    const ratio = mutationRate / trivialRate;
    report.add({
      section,
      name: 'signOff/proposeTerms mutations/s, 16 clients',
      value: `${fmt.rate(mutationRate)}/s, p50 ${fmt.ms(p50)} ms, p99 ${fmt.ms(p99)} ms`,
      baseline: `\`{ me { subject } }\` ${fmt.rate(trivialRate)}/s, p50 ${fmt.ms(median(trivial.map((r) => r.p50)))} ms, p99 ${fmt.ms(median(trivial.map((r) => r.p99)))} ms`,
      ratio: fmt.ratio(ratio),
      goal: '>= 0.4x, p99 <= 50 ms',
      met: ratio >= 0.4 && p99 <= 50 && errors.length === 0,
      note: `${errors.length} GraphQL errors${errors.length ? ` (first: ${errors[0]})` : ''}; non-2xx ${mutations.reduce((s, r) => s + r.non2xx, 0)}; 1 proposeTerms per 4 signOffs, ${CLIENTS * AGREEMENTS_PER_CLIENT} fresh agreements with 4 parties per run; server pool DATABASE_POOL_SIZE=10 (default), projections in process. CPU per request (API / PostgreSQL server / load generator, from /proc and process.cpuUsage): trivial query ${perRequest(cpu.trivial)}, mutations ${perRequest(cpu.mutations)}.`,
    });
    report.add({
      section,
      name: 'peak resident memory of the API under the mutation load',
      value: `${(peakRssKb / 1024).toFixed(0)} MB (sampled RSS under mutation load); VmHWM ${(memory.hwmKb / 1024).toFixed(0)} MB`,
      baseline: `RSS before any load (after setup) ${(rssBeforeLoad / 1024).toFixed(0)} MB`,
      goal: '<= 256 MB',
      met: peakRssKb / 1024 <= 256,
      note: `RSS sampled every 20 ms during the mutation runs; VmHWM is the peak over the process's whole life (start, setup, trivial-query load included): it was already ${(hwmBeforeMutations / 1024).toFixed(0)} MB before the first mutation run.`,
    });
    report.detail(
      [
        '### HTTP rounds',
        '',
        `${rounds} round(s) of ${seconds} s each, trivial query and mutations alternating (autocannon, ${CLIENTS} connections, closed loop, server in a child process).`,
        '',
        '| round | trivial/s | trivial p50/p99 ms | mutations/s | mutations p50/p90/p99/max ms |',
        '| --- | --- | --- | --- | --- |',
        ...trivial.map((t, i) => {
          const m = mutations[i];
          return `| ${i + 1} | ${fmt.rate(t.perSecond)} | ${t.p50}/${t.p99} | ${fmt.rate(m.perSecond)} | ${m.p50}/${m.p90}/${m.p99}/${m.max} |`;
        }),
      ].join('\n'),
    );
    await server.stop();
    await tailDiagnostic(database.url, report, seconds, fresh);
    // Diagnostic: the same load on the same database with the projections out of the API process
    // (PROJECTIONS_IN_PROCESS=false, as with `npm run projector`), to show their share of the API's CPU.
    const lean = await startServer(database.url, { PROJECTIONS_IN_PROCESS: 'false' });
    // A diagnostic, not a figure: shorter rounds keep the whole run under 15 minutes.
    const leanSeconds = Math.ceil(seconds * 0.6);
    try {
      const { tokens: leanTokens, url: leanUrl } = await warmUp(lean, fresh);
      const leanTrivial = await load(leanUrl, CLIENTS, leanSeconds, [{ body: TRIVIAL_BODY }], { authorization: `Bearer ${leanTokens['acme-devices']}` });
      const { agreements, latest } = await fresh(lean);
      const leanErrors: string[] = [];
      const leanMutations = await load(leanUrl, CLIENTS, leanSeconds, mutationRequests(leanTokens, agreements, latest, leanErrors));
      log(`without in-process projections: trivial ${fmt.rate(leanTrivial.perSecond)}/s, mutations ${fmt.rate(leanMutations.perSecond)}/s p50 ${leanMutations.p50} ms p99 ${leanMutations.p99} ms`);
      report.detail(
        `### Diagnostic: API without in-process projections\n\nSame database, same load, one round of ${leanSeconds} s, server started with \`PROJECTIONS_IN_PROCESS=false\` ` +
          `(no projector running, so read models lag; this isolates the API's own cost): trivial query ${fmt.rate(leanTrivial.perSecond)}/s (p99 ${leanTrivial.p99} ms), ` +
          `mutations ${fmt.rate(leanMutations.perSecond)}/s, p50 ${leanMutations.p50} ms, p99 ${leanMutations.p99} ms, ratio ${fmt.ratio(leanMutations.perSecond / leanTrivial.perSecond)} ` +
          `(${leanErrors.length} GraphQL errors). With projections in process (the default) the mutation rate was ${fmt.rate(mutationRate)}/s.`,
      );
      await asOfBenchmark(options, report, lean, database.url, ids.railAssessmentId);
    } finally {
      await lean.stop();
    }
  } finally {
    await server.stop();
    await database.drop();
  }
}

/** A request as the load generator saw it: sent and answered, in ms since the epoch. */
type Timed = readonly [sent: number, answered: number];

const epochNow = () => performance.timeOrigin + performance.now();

/** `requests` with each one's send and answer times pushed to `into`. */
function timed<Context extends object>(requests: Array<LoadRequest<Context>>, into: Timed[]): Array<LoadRequest<Context & { sentAt?: number }>> {
  return requests.map((request) => ({
    ...request,
    setupRequest(raw, context) {
      const built = request.setupRequest ? request.setupRequest(raw, context) : raw;
      context.sentAt = epochNow();
      return built;
    },
    onResponse(status, body, context) {
      into.push([context.sentAt ?? NaN, epochNow()]);
      request.onResponse?.(status, body, context);
    },
  }));
}

/**
 * V8's major collections from a gc-timeline.ts file, each from the start of its incremental
 * marking (kind 8) to the end of its final pause (kind 4): while one runs, the event loop shares
 * its time with the marking.
 */
function majorCollections(timeline: string): Array<{ start: number; end: number }> {
  const entries = timeline
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(',').map(Number) as [number, number, number])
    .sort((a, b) => a[0] - b[0]);
  const windows: Array<{ start: number; end: number }> = [];
  let markingStart: number | undefined;
  for (const [start, duration, kind] of entries) {
    if (kind === 8) markingStart ??= start;
    if (kind === 4) {
      windows.push({ start: markingStart ?? start, end: start + duration });
      markingStart = undefined;
    }
  }
  return windows;
}

/**
 * Where the mutations' tail comes from: one more mutation round on a server that reports its
 * garbage collections (preloaded gc-timeline.ts), the mutations in flight during a major
 * collection set apart from the others.
 */
async function tailDiagnostic(databaseUrl: string, report: Report, seconds: number, fresh: FreshAgreements): Promise<void> {
  const timelineFile = join(mkdtempSync(join(tmpdir(), 'iot-ssf-gc-')), 'gc.csv');
  const observed = await startServer(databaseUrl, { BENCH_GC_TIMELINE: timelineFile }, { preload: [join(process.cwd(), 'dist', 'bench', 'lib', 'gc-timeline.js')] });
  const requests: Timed[] = [];
  let result: LoadResult;
  try {
    const { tokens, url } = await warmUp(observed, fresh);
    const { agreements, latest } = await fresh(observed);
    result = await load(url, CLIENTS, seconds, timed(mutationRequests(tokens, agreements, latest, []), requests));
  } finally {
    await observed.stop();
  }
  const from = Math.min(...requests.map(([sent]) => sent));
  const to = Math.max(...requests.map(([, answered]) => answered));
  const collections = majorCollections(readFileSync(timelineFile, 'utf8')).filter((window) => window.end > from && window.start < to);
  rmSync(dirname(timelineFile), { recursive: true, force: true });
  const during = (sent: number, answered: number) => collections.some((window) => window.start < answered && window.end > sent);
  const latency = ([sent, answered]: Timed) => answered - sent;
  const inCollection = requests.filter(([sent, answered]) => during(sent, answered)).map(latency);
  const outside = requests.filter(([sent, answered]) => !during(sent, answered)).map(latency);
  const lengths = collections.map((window) => window.end - window.start);
  const share = inCollection.length / Math.max(1, requests.length);
  log(`tail: ${collections.length} major collections, ${(100 * share).toFixed(1)}% of mutations in flight during one (p99 ${fmt.ms(percentile(inCollection, 99))} ms), the others p99 ${fmt.ms(percentile(outside, 99))} ms`);
  report.detail(
    `### Diagnostic: the mutations' tail and V8's major collections\n\nSame database and load, one round of ${seconds} s, the API started as \`npm start\` starts it ` +
      `plus a preloaded observer of its garbage collections (bench/lib/gc-timeline.ts): ${fmt.rate(result.perSecond)} mutations/s, p50 ${result.p50} ms, p99 ${result.p99} ms. ` +
      `${collections.length} major collections (mark-compact, counted from the start of incremental marking to the end of the final pause: ` +
      `median ${fmt.ms(median(lengths))} ms, at most ${fmt.ms(Math.max(0, ...lengths))} ms; one per ${fmt.rate(requests.length / Math.max(1, collections.length))} mutations). ` +
      `${(100 * share).toFixed(1)}% of the mutations were in flight during one: p50 ${fmt.ms(percentile(inCollection, 50))} ms, p99 ${fmt.ms(percentile(inCollection, 99))} ms; ` +
      `the other ${(100 * (1 - share)).toFixed(1)}%: p50 ${fmt.ms(percentile(outside, 50))} ms, p99 ${fmt.ms(percentile(outside, 99))} ms.`,
  );
}

/** agreement(asOf) on a 1,000-event stream, over HTTP; baseline: read the stream and fold it from the first event in process. */
async function asOfBenchmark(options: BenchOptions, report: Report, server: ServerProcess, databaseUrl: string, assessmentId: string): Promise<void> {
  const section = 'time travel (PostgreSQL)';
  const [agreementId] = await openAgreements(server, assessmentId, 1);
  const actors = actorsOf(captured!);
  const database = new PostgresDatabase({ connectionString: databaseUrl, maxConnections: 2 });
  const store = new PostgresEventStore(database);
  const stream = `agreement-${agreementId}`;
  try {
    // Grow the stream to 1,000 events with the real decider (what the mutations would record), appending command by command.
    let recorded = await store.readStream(stream);
    // The stream's state and revision after the last append (updated by `execute`).
    const head: { state: AgreementState; revision: number } = {
      state: fold(agreementDecider, recorded.map((event) => ({ type: event.type, data: event.data }) as AgreementEvent)),
      revision: recorded.length - 1,
    };
    let cycle = 0;
    const execute = async (organization: string, build: (metadata: AgreementCommand['metadata']) => AgreementCommand) => {
      const actor = actors.get(organization)!;
      const now = new Date().toISOString();
      const decided = agreementDecider.decide(build({ actor, now }), head.state);
      const key = `${organization}/${actor.subject}/${randomUUID()}`;
      const envelopes: NewEvent[] = decided.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data,
        schemaVersion: 1,
        occurredAt: now,
        metadata: { actor, correlationId: randomUUID(), causationId: null, idempotencyKey: key },
      }));
      const result = await store.appendToStream(stream, envelopes, { expectedRevision: head.revision });
      head.revision = result.nextExpectedRevision;
      head.state = decided.reduce((folded, event) => agreementDecider.evolve(folded, event), head.state);
    };
    while (head.revision < 999) {
      cycle += 1;
      await execute('acme-devices', (metadata) => ({
        type: 'ProposeTerms',
        data: { agreementId, baseVersion: head.state.status === 'NONE' ? 0 : head.state.latestVersion, clauses: railTerms(true, cycle) },
        metadata,
      }));
      for (const party of PARTIES) {
        const { state } = head;
        if (head.revision >= 999 || state.status === 'NONE' || !state.current) break;
        const { version, digest } = state.current;
        await execute(party, (metadata) => ({ type: 'SignOff', data: { agreementId, version, digest }, metadata }));
      }
    }
    recorded = await store.readStream(stream);
    const first = Date.parse(recorded[0].recordedAt);
    const last = Date.parse(recorded[recorded.length - 1].recordedAt);
    log(`time travel: stream of ${recorded.length} events over ${last - first} ms`);

    const iterations = options.quick ? 100 : 200;
    const foldTimes: number[] = [];
    const readTimes: number[] = [];
    const evolveTimes: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      const events = await store.readStream(stream);
      const read = performance.now();
      fold(agreementDecider, events.map((event) => ({ type: event.type, data: event.data }) as AgreementEvent));
      const done = performance.now();
      foldTimes.push(done - started);
      readTimes.push(read - started);
      evolveTimes.push(done - read);
    }
    const { rows: sizes } = await database.query<{ bytes: string }>(`SELECT sum(pg_column_size(data) + pg_column_size(metadata))::text AS bytes FROM events WHERE stream_id = $1`, [stream]);
    const { rows: plan } = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${READ_STREAM}`, [stream, 0, null, null]);
    const planText = plan.map((row) => row['QUERY PLAN']);
    report.detail(
      `### Time travel split\n\n\`READ_STREAM\` of the 1,000 events on the server (EXPLAIN ANALYZE): ${planText.filter((line) => /Execution Time|Planning Time/.test(line)).join(', ')}. In process, ${recorded.length} events (${(Number(sizes[0].bytes) / 1024).toFixed(0)} KiB of data+metadata): readStream p50 ${fmt.ms(percentile(readTimes, 50))} ms / p99 ${fmt.ms(percentile(readTimes, 99))} ms, ` +
        `fold (evolve ${recorded.length} events) p50 ${fmt.ms(percentile(evolveTimes, 50))} ms / p99 ${fmt.ms(percentile(evolveTimes, 99))} ms. ` +
        'The API path (`AuditService.agreementAt`) reads the whole stream twice: `aggregates.load` (current state, for the access check) and then the stream until `asOf`, and folds both.',
    );
    const token = await server.token('metro-operations');
    const query = `query($id: ID!, $asOf: DateTime!) { agreement(id: $id, asOf: $asOf) { id status latestVersion currentTerms { version digest } signOffs { organization { id } version } } }`;
    const seconds = options.quick ? 3 : 8;
    const asOfRandom = await load(`${server.baseUrl}/graphql`, 1, seconds, [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ query, variables: { id: agreementId, asOf: new Date(first + Math.random() * (last - first + 1)).toISOString() } }),
        }),
      },
    ], { authorization: `Bearer ${token}` });
    const asOfEnd = await load(`${server.baseUrl}/graphql`, 1, seconds, [
      { body: JSON.stringify({ query, variables: { id: agreementId, asOf: new Date(last + 1000).toISOString() } }) },
    ], { authorization: `Bearer ${token}` });
    report.add({
      section,
      name: `agreement(asOf) on a ${recorded.length}-event stream, asOf uniform over its life, 1 client`,
      value: `p50 ${fmt.ms(asOfRandom.p50)} ms, p99 ${fmt.ms(asOfRandom.p99)} ms (${fmt.rate(asOfRandom.perSecond)}/s)`,
      baseline: `read + fold from the first event in process: p50 ${fmt.ms(percentile(foldTimes, 50))} ms, p99 ${fmt.ms(percentile(foldTimes, 99))} ms`,
      goal: 'p99 <= 20 ms',
      met: asOfRandom.p99 <= 20 && asOfRandom.non2xx === 0,
    });
    report.add({
      section,
      name: `agreement(asOf = after the last event) on a ${recorded.length}-event stream, 1 client`,
      value: `p50 ${fmt.ms(asOfEnd.p50)} ms, p99 ${fmt.ms(asOfEnd.p99)} ms`,
      baseline: `read + fold from the first event in process: p99 ${fmt.ms(percentile(foldTimes, 99))} ms`,
      goal: 'p99 <= 20 ms',
      met: asOfEnd.p99 <= 20 && asOfEnd.non2xx === 0,
    });
  } finally {
    await database.close();
  }
}
