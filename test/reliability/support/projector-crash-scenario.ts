// Reliability scenario: kill -9 the projector process (dist/src/cli/projector.js) while it catches up on a
// backlog, restart it, and compare its read models with a rebuild from the log (PostgreSQL).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresDatabase, PostgresEventStore, type SqlDatabase } from '@app/event-store';
import { ProjectionRunner } from '../../../src/projections/projection-runner.js';
import { runnerProjections } from '../../../src/projections/projections.module.js';
import { allProjections } from '../../../src/read-models/projections.js';
import { createPostgresDatabase } from '../../support/test-databases.js';
import { tableHashes } from '../../support/read-model-harness.js';
import { startChildServer } from './child-server.js';
import { registerDemoOrganizations, runLoad } from './command-load.js';

export interface ProjectorCrashReport {
  events: number;
  kills: number;
  /** Per kill: how many projections had a checkpoint, and how many events they had applied in all. */
  atKill: Array<{ projectionsWithCheckpoint: number; eventsApplied: number }>;
  tables: number;
  /** Tables whose rows differ between the crashed-and-restarted projector and a rebuild. Goal 0. */
  differingTables: string[];
  catchUpMs: number;
}

async function progress(database: SqlDatabase): Promise<{ projectionsWithCheckpoint: number; eventsApplied: number }> {
  const { rows } = await database.query<{ n: number; applied: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(events_applied), 0)::int AS applied FROM projection_checkpoints WHERE checkpoint IS NOT NULL AND projection NOT LIKE 'rebuild:%'`,
  );
  return { projectionsWithCheckpoint: rows[0].n, eventsApplied: rows[0].applied };
}

export async function projectorCrashScenario(options: { run: string; chains: number; killDelaysMs: number[] }): Promise<ProjectorCrashReport> {
  const fresh = await createPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-projector-'));
  const database = new PostgresDatabase({ connectionString: fresh.url, maxConnections: 4 });
  // Small batches: the backlog takes many of them, so the kills land in the middle of the catch-up.
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: fresh.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test', PROJECTION_BATCH_SIZE: '10' };
  const projector = () => spawn(process.execPath, [join(process.cwd(), 'dist/src/cli/projector.js')], { cwd: process.cwd(), env, stdio: 'ignore' });
  try {
    // 1. A backlog: the API records commands while no projector runs.
    const api = await startChildServer({ dataDir, databaseUrl: fresh.url, env: { PROJECTIONS_IN_PROCESS: 'false' } });
    try {
      await registerDemoOrganizations(api);
      await runLoad(api, { run: options.run, chains: options.chains, concurrency: 8 });
    } finally {
      await api.stop();
    }
    const { rows } = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    const projections = allProjections();

    // 2. Start the projector and kill -9 it as soon as one more batch has committed (the other
    //    projections are then mid-batch), or after the delay when nothing moved.
    const atKill: ProjectorCrashReport['atKill'] = [];
    for (const delay of options.killDelaysMs) {
      const before = await progress(database);
      const child = projector();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + delay;
      while (Date.now() < deadline && (await progress(database)).eventsApplied === before.eventsApplied) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      child.kill('SIGKILL');
      await exited;
      atKill.push(await progress(database));
    }

    // 3. Restart it and wait until every projection has the whole log.
    const started = Date.now();
    const last = projector();
    const lastExited = new Promise((resolve) => last.once('exit', resolve));
    const store = new PostgresEventStore(database);
    const head = await store.headCheckpoint();
    const runner = new ProjectionRunner(store, database, projections);
    // Every consumer the projector runs, the review-required saga's projection included (the API
    // with PROJECTIONS_IN_PROCESS=false waits for all of them on read-your-writes).
    if (head) await new ProjectionRunner(store, database, runnerProjections()).waitFor(head, 120_000);
    const catchUpMs = Date.now() - started;
    last.kill('SIGTERM');
    await lastExited;

    // 4. Compare with a rebuild from the log (shadow tables swapped in).
    const live = await tableHashes(database, projections);
    for (const projection of projections) await runner.rebuild(projection);
    const rebuilt = await tableHashes(database, projections);
    const differingTables = Object.keys(rebuilt).filter((table) => rebuilt[table] !== live[table]);
    return { events: rows[0].n, kills: options.killDelaysMs.length, atKill, tables: Object.keys(rebuilt).length, differingTables, catchUpMs };
  } finally {
    await database.close();
    await fresh.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
