import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { adminQuery, dropAllScratchDatabases, log, machineFacts, parseOptions, sleep, type BenchOptions } from './lib/common.js';

/** Errors of a PostgreSQL server going away or coming back (shutdown, restart, refused connections). */
function isTransient(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code ?? '') ||
    /shutting down|starting up|terminating connection|Connection terminated|ECONNREFUSED|ECONNRESET|server exited|not healthy/.test(message ?? '')
  );
}

async function waitForPostgres(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      await adminQuery('SELECT 1');
      await sleep(3_000);
      return;
    } catch {
      await sleep(1_000);
    }
  }
}
import { Report } from './lib/report.js';
import { appendsBenchmark, hotStreamsBenchmark, pgliteAppendsBenchmark } from './appends.js';
import { httpBenchmark } from './http.js';
import { datasetBenchmarks } from './dataset-benchmarks.js';

/**
 * `npm run bench [-- --quick] [-- --only=appends,hot,...] [-- --events=200000 --use-cases=20000]`
 * Runs every benchmark in turn (each bounded in time and count, traffic to 127.0.0.1 only) and
 * writes bench/RESULTS.md. A benchmark that throws is reported as failed; the others still run.
 */
const options = parseOptions(process.argv.slice(2));
const report = new Report();
const startedAt = new Date();
/** Set in a benchmark's own process: where it hands its figures back to the run. */
const childReport = process.env.BENCH_CHILD_REPORT;
// Read before any benchmark runs (the load average at the start), by the run, not by each benchmark's process.
const facts = childReport ? undefined : await machineFacts();
if (facts) log(`${options.quick ? 'quick' : 'full'} run on ${facts.cpu} x${facts.cores}, ${facts.postgres}, node ${facts.node}, load ${facts.load}`);

const benchmarks: Array<{ name: string; run: (options: BenchOptions, report: Report) => Promise<void> }> = [
  { name: 'appends', run: appendsBenchmark },
  { name: 'hot', run: hotStreamsBenchmark },
  { name: 'http', run: httpBenchmark },
  { name: 'dataset', run: datasetBenchmarks },
  { name: 'pglite', run: pgliteAppendsBenchmark },
];

/** The benchmark's process running now, if any (stopped with this one). */
let running: ChildProcess | undefined;

const stop = async () => {
  running?.kill('SIGTERM');
  await dropAllScratchDatabases();
  process.exit(130);
};
process.on('SIGINT', () => void stop());
// Dropping a scratch database (WITH FORCE) terminates connections a library may still keep idle
// (emmett keeps a pool of its own): that is expected, anything else is a real failure.
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (isTransient(error)) return;
  process.stderr.write(`uncaught: ${error.stack ?? error.message}\n`);
  void dropAllScratchDatabases().finally(() => process.exit(1));
});
process.on('SIGTERM', () => void stop());

/** Runs one benchmark in this process, run again from scratch when a PostgreSQL restart interrupts it. */
async function runHere(benchmark: (typeof benchmarks)[number]): Promise<void> {
  const started = Date.now();
  log(`== ${benchmark.name}`);
  // The PostgreSQL server is shared: another engineer's reliability suite may stop and start it.
  // A benchmark that dies of that is run again from scratch (its own new database), at most twice.
  for (let attempt = 1; ; attempt++) {
    const figures = report.figures.length;
    const details = report.details.length;
    try {
      await benchmark.run(options, report);
      break;
    } catch (error) {
      if (attempt < 3 && isTransient(error)) {
        report.figures.splice(figures);
        report.details.splice(details);
        report.interruptions.push(`${benchmark.name}: attempt ${attempt} interrupted (${String((error as Error).message ?? error).slice(0, 120)}); run again after PostgreSQL came back`);
        log(`${benchmark.name} interrupted by a PostgreSQL restart; waiting for the server, then running it again`);
        await waitForPostgres();
        await dropAllScratchDatabases().catch(() => undefined);
        continue;
      }
      report.failed(benchmark.name, error);
      break;
    }
  }
  // What this process held at the end: a large heap makes GC, and so in-process figures, dearer.
  const memory = process.memoryUsage();
  log(`== ${benchmark.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s (heap ${(memory.heapUsed / 1e6).toFixed(0)} MB used, RSS ${(memory.rss / 1e6).toFixed(0)} MB)`);
}

/**
 * Runs one benchmark in a process of its own (this script with `--benchmark=<name>`), and takes
 * its figures: a benchmark measured in process (a rebuild, a command driver, a load generator)
 * does not pay for what the ones before it left in the heap (a full run's rebuild measured 1.3-1.9x
 * slower than the same rebuild in a run of the dataset benchmarks alone).
 */
async function runInChild(name: string): Promise<void> {
  const reportFile = join(mkdtempSync(join(tmpdir(), 'iot-ssf-bench-')), 'report.json');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...process.argv.slice(2), `--benchmark=${name}`], {
    env: { ...process.env, BENCH_CHILD_REPORT: reportFile },
    stdio: 'inherit',
  });
  running = child;
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  running = undefined;
  const handedOff = report.takeOver(reportFile);
  rmSync(dirname(reportFile), { recursive: true, force: true });
  if (!handedOff) report.failed(name, new Error(`the benchmark's process exited (${code}) without a report`));
}

const only = options.benchmark ? [options.benchmark] : options.only;
for (const benchmark of benchmarks) {
  if (only && !only.includes(benchmark.name)) continue;
  if (options.benchmark) await runHere(benchmark);
  else await runInChild(benchmark.name);
}
await dropAllScratchDatabases();
if (childReport) {
  report.handOff(childReport);
  process.exit(0);
}

const output = join(process.cwd(), 'bench', options.only || process.env.BENCH_RESULTS ? (process.env.BENCH_RESULTS ?? 'RESULTS.partial.md') : 'RESULTS.md');
report.write(output, facts!, options, startedAt, join(process.cwd(), 'bench', 'FINDINGS.md'));
log(`wrote ${output} in ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min`);
process.exit(0);
