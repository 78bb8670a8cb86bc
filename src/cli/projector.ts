import { decodeCheckpoint, PostgresEventStore } from '@app/event-store';
import { loadConfig } from '../config/app-config.js';
import { openDatabase } from '../infrastructure/storage.module.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { allProjections } from '../read-models/projections.js';

/**
 * `npm run projector`: keeps every read model up to date in a process of its own, until SIGTERM
 * or SIGINT. Any number may run beside the API and each other (one batch per projection at a
 * time, by advisory lock and checkpoint compare-and-set). On the embedded store the data
 * directory is locked by the API, so this is for PostgreSQL deployments.
 */
const log = (message: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message, ...fields })}\n`);

const database = await openDatabase(loadConfig());
const store = new PostgresEventStore(database);
const projections = allProjections();
const runner = new ProjectionRunner(store, database, projections, {
  onError: (projection, error) => log('projection batch failed; retrying', { projection, error: String(error) }),
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping', { signal });
  await runner.stop();
  await database.close();
  log('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

runner.start();
const head = await store.headCheckpoint();
log('projector running', {
  projections: projections.map((projection) => projection.name),
  headPosition: head ? decodeCheckpoint(head).position.toString() : '0',
});
