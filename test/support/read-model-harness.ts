// Test support: a migrated database, the real event store, the runner with every projection.
import { PostgresEventStore, type SqlDatabase } from '@app/event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import type { Projection } from '../../src/projections/projection.js';
import { openTestDatabase, type TestDatabase } from './test-databases.js';
import { allProjections } from '../../src/read-models/projections.js';
import { CommandScenario } from './command-scenario.js';

export interface Harness {
  test: TestDatabase;
  database: SqlDatabase;
  store: PostgresEventStore;
  runner: ProjectionRunner;
  projections: Projection[];
  scenario: CommandScenario;
  project(): Promise<void>;
  /** Waits (applying nothing) until every projection has applied every committed event. */
  settled(projections?: readonly Projection[], timeoutMs?: number): Promise<void>;
}

/** How many of `projections` have applied fewer events than the log holds of their types (one statement). */
async function behind(database: SqlDatabase, projections: readonly Projection[]): Promise<number> {
  const { rows } = await database.query<{ late: number }>(
    `SELECT count(*)::int AS late
       FROM json_to_recordset($1::json) AS p(projection text, types text[])
      WHERE coalesce((SELECT events_applied FROM projection_checkpoints c WHERE c.projection = p.projection), 0)
            < (SELECT count(*) FROM events e WHERE e.type = ANY(p.types))`,
    [JSON.stringify(projections.map((projection) => ({ projection: projection.name, types: projection.eventTypes })))],
  );
  return rows[0].late;
}

export async function openHarness(backend: 'pglite' | 'postgres', batchSize = 1_000): Promise<Harness> {
  const test = await openTestDatabase(backend);
  const store = new PostgresEventStore(test.database);
  const projections = allProjections();
  const runner = new ProjectionRunner(store, test.database, projections, { batchSize });
  return {
    test,
    database: test.database,
    store,
    runner,
    projections,
    scenario: new CommandScenario(store),
    async project() {
      // Until every projection has applied every committed event: the log only shows events below the
      // cluster's oldest open transaction, which another suite's transaction may hold back for a moment.
      const deadline = Date.now() + 30_000;
      for (;;) {
        for (const projection of projections) await runner.catchUp(projection);
        const late = await behind(test.database, projections);
        if (late === 0) return;
        if (Date.now() > deadline) throw new Error(`${late} projections did not catch up with the log within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    // The log's count, not the readers' head: the head only shows transactions below the oldest
    // one still running (a live runner's own batch, for one), so it can stop short of the last event.
    async settled(which = projections, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const late = await behind(test.database, which);
        if (late === 0) return;
        if (Date.now() > deadline) throw new Error(`${late} projections did not apply the whole log within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** A digest of each read-model table's rows in a stable order. */
export async function tableHashes(database: SqlDatabase, projections: readonly Projection[]): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const table of projections.flatMap((p) => p.tables)) {
    const { rows } = await database.query<{ hash: string | null; n: number }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS hash, count(*)::int AS n FROM ${table} t`,
    );
    hashes[table] = `${rows[0].n}:${rows[0].hash}`;
  }
  return hashes;
}
