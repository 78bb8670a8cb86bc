import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ReadAllOptions, RecordedEvent } from '@app/event-store';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { Projection } from '../projections/projection.js';
import { TEST_BACKENDS } from '../../test/support/test-databases.js';
import { openHarness, tableHashes, type Harness } from '../../test/support/read-model-harness.js';
import { fullNegotiation } from '../../test/support/negotiation.fixture.js';
import { allProjections } from './projections.js';

class CrashAfterApply extends Error {}

/** The real projection, but the transaction fails after its rows are written, every other batch. */
function crashing(projection: Projection): Projection {
  let calls = 0;
  return {
    name: projection.name,
    eventTypes: projection.eventTypes,
    tables: projection.tables,
    async apply(tx, events) {
      await projection.apply(tx, events);
      calls += 1;
      if (calls % 2 === 1) throw new CrashAfterApply(`crash after applying ${events.length} events`);
    },
  };
}

/** How many of `events` the projection named handles: what its checkpoint counts as applied. */
function eventsOf(projection: string, events: readonly RecordedEvent[]): number {
  const types = allProjections().find((candidate) => candidate.name === projection)!.eventTypes;
  return events.filter((event) => types.includes(event.type)).length;
}

/**
 * What a rebuild must leave as it found: each table's persistence, its columns' compression and
 * statistics targets, its indexes' and its constraints' definitions.
 */
async function tableDefinitions(h: Harness): Promise<string[]> {
  const tables = h.projections.flatMap((p) => p.tables);
  const { rows } = await h.database.query<{ definition: string }>(
    `SELECT relname || ' persistence=' || relpersistence::text AS definition FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname = ANY($1::text[])
     UNION ALL
     SELECT c.relname || '.' || a.attname || ' compression=' || a.attcompression::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[]) AND a.attnum > 0 AND a.attcompression <> ''
     UNION ALL
     SELECT c.relname || '.' || a.attname || ' statistics=' || a.attstattarget::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[]) AND a.attnum > 0 AND a.attstattarget >= 0
     UNION ALL
     SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1::text[])
     UNION ALL
     SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text = ANY($1::text[])
     ORDER BY 1`,
    [tables],
  );
  return rows.map((row) => row.definition);
}

describe.each(TEST_BACKENDS)('projections replay safely (%s)', (backend) => {
  let h: Harness;

  afterEach(async () => {
    await h.test.drop();
  });

  it('names as lookup indexes only indexes of the projection\'s own tables, none of them backing a constraint', async () => {
    h = await openHarness(backend, 5);
    const { rows } = await h.database.query<{ table: string; name: string }>(
      `SELECT tablename AS table, indexname AS name FROM pg_indexes i
        WHERE schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = 'public'::regnamespace)`,
    );
    for (const projection of h.projections) {
      const own = rows.filter((row) => projection.tables.includes(row.table)).map((row) => row.name);
      expect({ projection: projection.name, missing: (projection.lookupIndexes ?? []).filter((name) => !own.includes(name)) }).toEqual({ projection: projection.name, missing: [] });
    }
    expect(h.projections.some((projection) => (projection.lookupIndexes ?? []).length > 0)).toBe(true);
  });

  it('gives identical rows when the same batch is applied twice, and when the checkpoints are reset', async () => {
    h = await openHarness(backend, 5);
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    // Every table has rows (all assessments are agreed by now, so their inbox is empty).
    expect(Object.entries(expected).filter(([, hash]) => hash.startsWith('0:')).map(([table]) => table)).toEqual(['assessment_inbox_item']);

    const { events } = await h.store.readAll({ limit: 10_000 });
    for (const projection of h.projections) {
      const relevant = events.filter((e) => projection.eventTypes.includes(e.type));
      await h.database.transaction((tx) => projection.apply(tx, relevant));
      await h.database.transaction((tx) => projection.apply(tx, relevant.slice(3, 20)));
    }
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);

    await h.database.query(`DELETE FROM projection_checkpoints`);
    await h.project();
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
  });

  it('rebuilds into shadow tables and swaps them in: same rows, same tables, indexes and constraints, checkpoint kept', async () => {
    h = await openHarness(backend, 6);
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    const definitions = await tableDefinitions(h);
    expect(definitions.filter((definition) => definition.includes('persistence=')).every((definition) => definition.endsWith('persistence=p'))).toBe(true);
    // Agreement states are compressed with lz4 where the server has it (PGlite is built without).
    expect(definitions.filter((definition) => definition.includes('compression='))).toEqual(backend === 'postgres' ? ['agreement_view.state compression=l'] : []);
    // Payload columns are left out of ANALYZE.
    expect(definitions.filter((definition) => definition.startsWith('obligation.') && definition.includes('statistics='))).toEqual(['obligation.clause statistics=0']);
    const { rows: before } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);

    // Damage a read model, as a bug would; the rebuild repairs it.
    await h.database.query(`UPDATE agreement_category_stats SET value = value + 5`);
    await h.database.query(`DELETE FROM obligation`);
    const progress: number[] = [];
    // The copies are loaded with their constraints and the projection's lookup indexes only.
    const duringLoad = new Map<string, Promise<string[]>>();
    for (const projection of h.projections) {
      const schema = `rebuild_${projection.name.replace(/-/g, '_')}`;
      await h.runner.rebuild(projection, ({ applied }) => {
        progress.push(applied);
        if (!duringLoad.has(projection.name)) {
          duringLoad.set(
            projection.name,
            h.database
              .query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`, [schema])
              .then(({ rows }) => rows.map((row) => row.name)),
          );
        }
      });
    }
    expect(await duringLoad.get('agreements')).toEqual(
      ['agreement_category_stats_pkey', 'agreement_count_pkey', 'agreement_inbox_item_agreement', 'agreement_inbox_item_pkey', 'agreement_perspective_pkey', 'agreement_view_pkey', 'obligation_pkey', 'social_support_count_pkey', 'social_support_line_pkey', 'social_support_total_pkey'],
    );
    expect(await duringLoad.get('audit-log')).toEqual(['audit_log_pkey']);

    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
    expect(await tableDefinitions(h)).toEqual(definitions);
    const { rows: after } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
    expect(after).toEqual(before);
    expect(progress.at(-1)).toBeGreaterThan(0);
    const { rows: schemas } = await h.database.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'`);
    expect(schemas).toEqual([]);
  });

  it('leaves read models equal to a fresh rebuild when transactions fail after applying', async () => {
    h = await openHarness(backend);
    await fullNegotiation(h.scenario);
    const crashingRunner = new ProjectionRunner(h.store, h.database, allProjections().map(crashing), { batchSize: 4 });
    let crashes = 0;
    for (const projection of allProjections().map(crashing)) {
      for (;;) {
        try {
          const outcome = await crashingRunner.runBatch(projection);
          if (outcome.applied === 0) break;
        } catch (error) {
          if (!(error instanceof CrashAfterApply)) throw error;
          crashes += 1;
        }
      }
    }
    expect(crashes).toBeGreaterThan(10);
    const survived = await tableHashes(h.database, h.projections);
    for (const projection of h.projections) await h.runner.rebuild(projection);
    expect(await tableHashes(h.database, h.projections)).toEqual(survived);
  });

  it('never double-applies when two runners work on the same projections at once', async () => {
    h = await openHarness(backend);
    await fullNegotiation(h.scenario);
    const runners = [1, 2, 3].map(() => new ProjectionRunner(h.store, h.database, allProjections(), { batchSize: 3 }));
    await Promise.all(runners.flatMap((runner) => allProjections().map((projection) => runner.catchUp(projection))));
    // A runner that lost a race reports applied 0 and stops early; finish with one of them.
    await h.project();
    const { events } = await h.store.readAll({ limit: 10_000 });
    const { rows } = await h.database.query<{ projection: string; events_applied: string }>(`SELECT projection, events_applied::text FROM projection_checkpoints`);
    expect(rows).toHaveLength(h.projections.length);
    for (const row of rows) expect(Number(row.events_applied)).toBe(eventsOf(row.projection, events));
    const { rows: audited } = await h.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(audited[0].n).toBe(events.length);
    const concurrent = await tableHashes(h.database, h.projections);
    for (const projection of h.projections) await h.runner.rebuild(projection);
    expect(await tableHashes(h.database, h.projections)).toEqual(concurrent);
  });

  it('gives the same rows from shared batches (one read for all projections) as from one projection at a time', async () => {
    h = await openHarness(backend, 5);
    await fullNegotiation(h.scenario);
    await h.project();
    const oneByOne = await tableHashes(h.database, h.projections);
    const { events } = await h.store.readAll({ limit: 10_000 });

    await h.database.query(`DELETE FROM projection_checkpoints`);
    for (const table of h.projections.flatMap((projection) => projection.tables)) await h.database.query(`DELETE FROM ${table}`);
    const shared = new ProjectionRunner(h.store, h.database, allProjections(), { batchSize: 7 });
    await shared.catchUpAll();
    expect(await tableHashes(h.database, h.projections)).toEqual(oneByOne);
    const { rows } = await h.database.query<{ projection: string; events_applied: string; checkpoint: string }>(
      `SELECT projection, events_applied::text, checkpoint FROM projection_checkpoints`,
    );
    expect(rows).toHaveLength(h.projections.length);
    for (const row of rows) {
      expect(Number(row.events_applied)).toBe(eventsOf(row.projection, events));
      expect(row.checkpoint).toBe(events.at(-1)!.checkpoint);
    }
  });

  it('rebuilds every projection in one pass over the log, with the same rows and checkpoints as one by one', async () => {
    h = await openHarness(backend, 3);
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    const definitions = await tableDefinitions(h);
    expect(definitions.filter((definition) => definition.includes('persistence=')).every((definition) => definition.endsWith('persistence=p'))).toBe(true);
    // Agreement states are compressed with lz4 where the server has it (PGlite is built without).
    expect(definitions.filter((definition) => definition.includes('compression='))).toEqual(backend === 'postgres' ? ['agreement_view.state compression=l'] : []);
    const { rows: before } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
    await h.database.query(`DELETE FROM obligation`);
    const pages: number[] = [];
    const onePass = new ProjectionRunner(h.store, h.database, allProjections(), { rebuildBatchSize: 11 });
    await onePass.rebuildAll(allProjections(), ({ applied }) => pages.push(applied));
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
    expect(await tableDefinitions(h)).toEqual(definitions);
    const { rows: after } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
    expect(after).toEqual(before);
    // One pass: the progress counts each event once, not once per projection.
    const { events } = await h.store.readAll({ limit: 10_000 });
    expect(pages.at(-1)).toBe(events.length);
  });

  it('reads no metadata to rebuild projections that never look at it, and reads it when one of them does', async () => {
    h = await openHarness(backend, 3);
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    // The real store, the options of its reads recorded.
    const reads: ReadAllOptions[] = [];
    const recorded = new Proxy(h.store, {
      get(store, property, receiver) {
        const value = Reflect.get(store, property, receiver) as unknown;
        if (property !== 'readAll') return value;
        return (options: ReadAllOptions) => {
          reads.push(options);
          return store.readAll(options);
        };
      },
    });
    await new ProjectionRunner(recorded, h.database, allProjections(), { rebuildBatchSize: 11 }).rebuildAll();
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.filter((options) => options.withoutMetadata !== true)).toEqual([]);

    // The agreements' projection, but its apply looks at every event's metadata (and it has no loader).
    const agreements = allProjections().find((projection) => projection.name === 'agreements')!;
    const correlations: string[] = [];
    const lookingAtMetadata: Projection = {
      name: agreements.name,
      eventTypes: agreements.eventTypes,
      tables: agreements.tables,
      lookupIndexes: agreements.lookupIndexes,
      async apply(tx, events) {
        correlations.push(...events.map((event) => event.metadata.correlationId));
        await agreements.apply(tx, events);
      },
    };
    reads.length = 0;
    const projections = allProjections().map((projection) => (projection === agreements ? lookingAtMetadata : projection));
    await new ProjectionRunner(recorded, h.database, projections, { rebuildBatchSize: 11 }).rebuildAll(projections);
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
    expect(reads.filter((options) => options.withoutMetadata === true)).toEqual([]);
    const { events } = await h.store.readAll({ limit: 10_000, types: [...agreements.eventTypes] });
    expect(correlations).toEqual(events.map((event) => event.metadata.correlationId));
  });

  it('rebuilds the same rows whether it holds every folded aggregate until the end, some, or none', async () => {
    h = await openHarness(backend, 4);
    // Its assessments and agreements are negotiated in turn: their events interleave across pages of 7.
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    const { rows: before } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
    for (const rebuildCarried of [0, 1, 3, 10_000]) {
      await h.database.query(`DELETE FROM obligation`);
      await h.database.query(`UPDATE agreement_count SET value = value + 1`);
      const runner = new ProjectionRunner(h.store, h.database, allProjections(), { rebuildBatchSize: 7, rebuildCarried });
      await runner.rebuildAll();
      expect({ rebuildCarried, tables: await tableHashes(h.database, h.projections) }).toEqual({ rebuildCarried, tables: expected });
      const { rows: after } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
      expect(after).toEqual(before);
    }
  });

  it('rebuilds the audit log alone by ranges of the log, reading no event: the same rows and checkpoint as applied event by event', async () => {
    h = await openHarness(backend, 4);
    // An event of a type the audit log does not take, inside the ranges.
    const actor = { subject: 'operator', organizationId: 'acme-devices', roles: ['auditor'] };
    const metadata = { actor, correlationId: randomUUID(), causationId: null, idempotencyKey: randomUUID() };
    await h.store.appendToStream('misc-1', [{ eventId: randomUUID(), type: 'NotAudited', data: {}, metadata, occurredAt: new Date().toISOString() }], {
      expectedRevision: 'no_stream',
    });
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    const { rows: before } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
    await h.database.query(`DELETE FROM audit_log WHERE global_position % 3 = 0`);
    // The real store, its reads counted.
    const reads = { pages: 0, pageEnds: 0 };
    const counted = new Proxy(h.store, {
      get(store, property, receiver) {
        if (property === 'readAll') reads.pages += 1;
        if (property === 'readPageEnd') reads.pageEnds += 1;
        return Reflect.get(store, property, receiver);
      },
    });
    const runner = new ProjectionRunner(counted, h.database, allProjections(), { rebuildBatchSize: 7 });
    let progress = 0;
    await runner.rebuild(allProjections().find((projection) => projection.name === 'audit-log')!, ({ applied }) => (progress = applied));
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
    const { rows: after } = await h.database.query(`SELECT projection, checkpoint, events_applied FROM projection_checkpoints ORDER BY 1`);
    expect(after).toEqual(before);
    const { events } = await h.store.readAll({ limit: 10_000 });
    expect(reads.pages).toBe(0);
    expect(reads.pageEnds).toBeGreaterThan(events.length / 7);
    // Progress counts the events it took, as a rebuild that reads pages of its types does.
    expect(events.filter((event) => event.type === 'NotAudited')).toHaveLength(1);
    expect(progress).toBe(events.length - 1);
  });

  it('shares its write lanes (one each at least) and the aggregates it may hold among the projections it rebuilds', async () => {
    h = await openHarness(backend, 4);
    await fullNegotiation(h.scenario);
    await h.project();
    const expected = await tableHashes(h.database, h.projections);
    const lanes: Array<[string, number | undefined, number]> = [];
    const watched: Projection[] = allProjections().map((projection) => {
      const { bulkLoader } = projection;
      if (!bulkLoader) return projection;
      return {
        ...projection,
        bulkLoader: (options) => {
          lanes.push([projection.name, options.writeLanes, options.carried]);
          return bulkLoader(options);
        },
      };
    });
    const runner = new ProjectionRunner(h.store, h.database, watched, { rebuildBatchSize: 7, rebuildCarried: 10, rebuildWriteLanes: 4 });
    await runner.rebuildAll(watched.filter((projection) => projection.name === 'agreements'));
    expect(lanes).toEqual([['agreements', 4, 10]]);
    lanes.length = 0;
    await runner.rebuildAll(watched);
    expect(lanes.length).toBeGreaterThan(4);
    expect(lanes.every(([, count, carried]) => count === 1 && carried === Math.floor(10 / lanes.length))).toBe(true);
    expect(await tableHashes(h.database, h.projections)).toEqual(expected);
  });

  it('keeps the other projections live while one keeps failing, and catches the failing one up once it recovers', async () => {
    h = await openHarness(backend);
    const broken = { fail: true };
    const flaky = (projection: Projection): Projection => ({
      ...projection,
      async apply(tx, events) {
        if (broken.fail) throw new Error('poison');
        await projection.apply(tx, events);
      },
    });
    const projections = allProjections().map((projection) => (projection.name === 'agreements' ? flaky(projection) : projection));
    const errors: string[] = [];
    const live = new ProjectionRunner(h.store, h.database, projections, {
      batchSize: 4,
      idleWaitMs: 5,
      retryDelayMs: 20,
      maxRetryDelayMs: 50,
      onError: (name) => errors.push(name),
    });
    live.start();
    try {
      await fullNegotiation(h.scenario);
      const healthy = projections.filter((projection) => projection.name !== 'agreements');
      await h.settled(healthy);
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors)).toEqual(new Set(['agreements']));
      const { rows } = await h.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM agreement_view`);
      expect(rows[0].n).toBe(0);

      broken.fail = false;
      await h.settled();
    } finally {
      await live.stop();
    }
    const recovered = await tableHashes(h.database, h.projections);
    for (const projection of h.projections) await h.runner.rebuild(projection);
    expect(await tableHashes(h.database, h.projections)).toEqual(recovered);
  });

  it('commits a batch without waiting for the flush, and only its own transaction', async () => {
    h = await openHarness(backend);
    const useCases = allProjections().find((projection) => projection.name === 'use-cases')!;
    const settings: string[] = [];
    const observing: Projection = {
      ...useCases,
      async apply(tx, events) {
        settings.push((await tx.query<{ mode: string }>(`SELECT current_setting('synchronous_commit') AS mode`)).rows[0].mode);
        await useCases.apply(tx, events);
      },
    };
    await fullNegotiation(h.scenario);
    await new ProjectionRunner(h.store, h.database, [observing]).catchUpAll();
    expect(settings.length).toBeGreaterThan(0);
    expect(new Set(settings)).toEqual(new Set(['off']));
    const after = await h.database.transaction((tx) => tx.query<{ mode: string }>(`SELECT current_setting('synchronous_commit') AS mode`));
    expect(after.rows[0].mode).toBe('on');
  });

  it('lets the events of a steady stream of commands gather between live batches (gatherMs)', async () => {
    h = await openHarness(backend);
    const batches: string[][] = [];
    const useCases = allProjections().find((projection) => projection.name === 'use-cases')!;
    const counted: Projection = {
      ...useCases,
      async apply(tx, events) {
        batches.push(events.map((event) => event.stream));
        await useCases.apply(tx, events);
      },
    };
    const register = (id: string) =>
      h.scenario.run('useCase', id, 'RegisterUseCase', {
        useCaseId: id, name: id, unit: 'DEVICE', domain: 'CONSUMER',
        formOfUse: { environment: 'office', role: 'badge', userSkills: 'none' }, description: 'Registered while batches gather.',
      }, 'acme-devices');
    await fullNegotiation(h.scenario);
    const live = new ProjectionRunner(h.store, h.database, [counted], { idleWaitMs: 5, gatherMs: 1_500 });
    live.start();
    try {
      await h.settled([counted]);
      expect(batches).toHaveLength(1);
      // Within the pause after that batch: three commands, one after the other.
      for (const id of ['uc-a', 'uc-b', 'uc-c']) await register(id);
      await h.settled([counted]);
    } finally {
      await live.stop();
    }
    // The first batch caught up with the negotiation; the three commands came in one batch.
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual(['use-case-uc-a', 'use-case-uc-b', 'use-case-uc-c']);
  });

  it('keeps the projections that are up to date live while another catches up from far behind', async () => {
    h = await openHarness(backend);
    await fullNegotiation(h.scenario);
    await h.project();
    // The audit log starts over (a new projection, or one whose checkpoint was reset).
    await h.database.query(`DELETE FROM projection_checkpoints WHERE projection = 'audit-log'`);
    await h.database.query(`DELETE FROM audit_log`);
    await h.scenario.run('useCase', 'uc-fresh', 'RegisterUseCase', {
      useCaseId: 'uc-fresh', name: 'Fresh', unit: 'DEVICE', domain: 'CONSUMER',
      formOfUse: { environment: 'office', role: 'badge', userSkills: 'none' }, description: 'Registered while the audit log catches up.',
    }, 'acme-devices');
    const head = (await h.store.headCheckpoint())!;
    const live = new ProjectionRunner(h.store, h.database, allProjections(), { batchSize: 5 });
    await live.runOnce();
    const { rows } = await h.database.query<{ projection: string; checkpoint: string }>(`SELECT projection, checkpoint FROM projection_checkpoints`);
    const at = new Map(rows.map((row) => [row.projection, row.checkpoint]));
    // One turn: every other projection has the new use case, the audit log has its first page.
    for (const projection of h.projections.filter((p) => p.name !== 'audit-log')) expect(at.get(projection.name)).toBe(head);
    expect(h.store.compareCheckpoints(at.get('audit-log')!, head)).toBeLessThan(0);
    const { rows: fresh } = await h.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM use_case_view WHERE id = 'uc-fresh'`);
    expect(fresh[0].n).toBe(1);
    await live.catchUpAll();
    const { rows: audited } = await h.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    const { events } = await h.store.readAll({ limit: 10_000 });
    expect(audited[0].n).toBe(events.length);
  });

  it('catches every projection up, waiting for a batch another runner holds instead of leaving that projection behind', async () => {
    h = await openHarness(backend);
    await fullNegotiation(h.scenario);
    // Another runner (a live projector) in the middle of a batch of the agreements.
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const otherBatch = h.database.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('projection:agreements'))`);
      taken();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await lockTaken;
    await new ProjectionRunner(h.store, h.database, allProjections(), { idleWaitMs: 5 }).catchUpAll();
    await otherBatch;
    const { events } = await h.store.readAll({ limit: 10_000 });
    const { rows } = await h.database.query<{ projection: string; events_applied: string }>(`SELECT projection, events_applied::text FROM projection_checkpoints`);
    expect(Object.fromEntries(rows.map((row) => [row.projection, Number(row.events_applied)]))).toEqual(
      Object.fromEntries(h.projections.map((projection) => [projection.name, eventsOf(projection.name, events)])),
    );
  });

  it('never double-applies when two live runners share the log', async () => {
    h = await openHarness(backend);
    const runners = [1, 2].map(() => new ProjectionRunner(h.store, h.database, allProjections(), { batchSize: 3, idleWaitMs: 2 }));
    for (const runner of runners) runner.start();
    try {
      await fullNegotiation(h.scenario);
      await h.settled();
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }
    const { events } = await h.store.readAll({ limit: 10_000 });
    const { rows } = await h.database.query<{ projection: string; events_applied: string }>(`SELECT projection, events_applied::text FROM projection_checkpoints`);
    for (const row of rows) expect(Number(row.events_applied)).toBe(eventsOf(row.projection, events));
    const live = await tableHashes(h.database, h.projections);
    for (const projection of h.projections) await h.runner.rebuild(projection);
    expect(await tableHashes(h.database, h.projections)).toEqual(live);
  });

  it('keeps a live runner correct while a rebuild runs beside it', async () => {
    h = await openHarness(backend, 4);
    await fullNegotiation(h.scenario);
    await h.project();
    const live = new ProjectionRunner(h.store, h.database, allProjections(), { batchSize: 2, idleWaitMs: 5 });
    live.start();
    try {
      await Promise.all([
        ...h.projections.map((projection) => h.runner.rebuild(projection)),
        h.scenario.run('useCase', 'uc-late', 'RegisterUseCase', {
          useCaseId: 'uc-late', name: 'Late', unit: 'DEVICE', domain: 'CONSUMER',
          formOfUse: { environment: 'office', role: 'badge', userSkills: 'none' }, description: 'Registered during the rebuild.',
        }, 'acme-devices'),
      ]);
      await h.settled();
    } finally {
      await live.stop();
    }
    const afterLive = await tableHashes(h.database, h.projections);
    for (const projection of h.projections) await h.runner.rebuild(projection);
    expect(await tableHashes(h.database, h.projections)).toEqual(afterLive);
    const { rows } = await h.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM use_case_view WHERE id = 'uc-late'`);
    expect(rows[0].n).toBe(1);
  });
});
