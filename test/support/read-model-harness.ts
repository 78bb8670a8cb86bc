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
      for (const projection of projections) await runner.catchUp(projection);
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
