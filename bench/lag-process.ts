// The projection lag benchmark in a process of its own, started by `datasetBenchmarks` (see
// `lagInItsOwnProcess`): node dist/bench/lag-process.js <database url> <actors.json> <report.json> [bench options]
import { readFileSync } from 'node:fs';
import type { Actor } from '@app/domain';
import { PostgresDatabase } from '@app/event-store';
import { lagBenchmark } from './dataset-benchmarks.js';
import { parseOptions } from './lib/common.js';
import { Report } from './lib/report.js';

// Stopped by the dataset benchmark's process: exit, which stops the projector (an 'exit' handler).
process.once('SIGTERM', () => process.exit(130));

const [url, actorsFile, reportFile, ...args] = process.argv.slice(2);
const actors = new Map(JSON.parse(readFileSync(actorsFile, 'utf8')) as Array<[string, Actor]>);
const database = new PostgresDatabase({ connectionString: url, maxConnections: 16 });
const report = new Report();
try {
  await lagBenchmark(parseOptions(args), report, database, url, actors);
} catch (error) {
  report.failed('projection lag (PostgreSQL)', error);
} finally {
  await database.close();
}
report.handOff(reportFile);
process.exit(0);
