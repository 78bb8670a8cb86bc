import { decodeCheckpoint, PostgresEventStore } from '@app/event-store';
import { loadConfig } from '../config/app-config.js';
import { openDatabase } from '../infrastructure/storage.module.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { allProjections } from '../read-models/projections.js';

/**
 * `npm run projections:rebuild [-- name ...]`: rebuilds the named projections (default: all)
 * from the start of the log into shadow tables, reading the log once for all of them, and swaps
 * them in together (see ProjectionRunner.rebuildAll).
 * Safe while the API and projectors run on PostgreSQL: readers keep the old rows until the swap.
 */
const projections = allProjections();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !projections.some((projection) => projection.name === name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown projection(s): ${unknown.join(', ')}. Known: ${projections.map((p) => p.name).join(', ')}\n`);
  process.exit(2);
}
const selected = wanted.length > 0 ? projections.filter((projection) => wanted.includes(projection.name)) : projections;

const database = await openDatabase(loadConfig());
const store = new PostgresEventStore(database);
const runner = new ProjectionRunner(store, database, projections);

/** Global positions number every event, so the head's one estimates the log's length. */
const head = await store.headCheckpoint();
const total = head ? Number(decodeCheckpoint(head).position) : 0;

function bar(name: string, applied: number, done: boolean): string {
  const ratio = total > 0 ? Math.min(1, applied / total) : 1;
  const width = 30;
  const filled = Math.round((done ? 1 : ratio) * width);
  return `${name.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round((done ? 1 : ratio) * 100)).padStart(3)}% ${applied}/${total} events`;
}

try {
  // One pass over the log for all of them (see ProjectionRunner.rebuildAll).
  const name = selected.length === 1 ? selected[0].name : `${selected.length} projections`;
  const started = Date.now();
  let lastLine = 0;
  let applied = 0;
  await runner.rebuildAll(selected, (progress) => {
    applied = progress.applied;
    if (process.stderr.isTTY) process.stderr.write(`\r${bar(name, applied, false)}`);
    else if (Date.now() - lastLine > 2_000) {
      lastLine = Date.now();
      process.stderr.write(`${bar(name, applied, false)}\n`);
    }
  });
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${bar(name, applied, true)} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
} finally {
  await database.close();
}
process.stdout.write(`Rebuilt: ${selected.map((projection) => projection.name).join(', ')}\n`);
