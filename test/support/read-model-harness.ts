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
        const { rows } = await test.database.query<{ behind: number }>(
          `SELECT count(*)::int AS behind FROM unnest($1::text[]) AS p(name)
             LEFT JOIN projection_checkpoints c ON c.projection = p.name
            WHERE coalesce(c.events_applied, 0) < (SELECT count(*) FROM events)`,
          [projections.map((projection) => projection.name)],
        );
        if (rows[0].behind === 0) return;
        if (Date.now() > deadline) throw new Error(`${rows[0].behind} projections did not catch up with the log within 30 s`);
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
