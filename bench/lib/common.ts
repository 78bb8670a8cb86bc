import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { DEFAULT_REBUILD_BATCH_SIZE, DEFAULT_REBUILD_CARRIED } from '../../src/projections/projection-runner.js';

/** The PostgreSQL server the benchmarks create their databases on (never anything but 127.0.0.1). */
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchOptions {
  quick: boolean;
  /** Events of the generated log for the rebuild (full: 1,000,000 by default, the size the goal names; --events=500000). */
  events: number;
  /** Use cases of the generated log (full: 100,000). */
  useCases: number;
  only: string[] | null;
  /** Set in the process of its own that `npm run bench` starts for each benchmark: run only this one and hand back its figures. */
  benchmark: string | null;
  profile: boolean;
  /** Keep the generated dataset's database after the run (its name is logged), to iterate on it. */
  keepDataset: boolean;
  /** Reuse a dataset database kept by an earlier run instead of generating one (`--dataset=bench_dataset_...`). */
  dataset: string | null;
  /** Events per rebuild page (`--rebuild-batch=20000`; default: the runner's own). */
  rebuildBatch: number;
  /** Folded aggregates a rebuild may hold, shared among the projections it rebuilds (`--rebuild-carried=0`; default: the runner's own). */
  rebuildCarried: number;
}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const number = (name: string) => (value(name) ? Number(value(name)!.replace(/_/g, '')) : undefined);
  return {
    quick,
    events: number('events') ?? (quick ? 60_000 : 1_000_000),
    useCases: number('use-cases') ?? (quick ? 6_000 : 100_000),
    only: value('only')?.split(',') ?? null,
    benchmark: value('benchmark') ?? null,
    profile: argv.includes('--profile'),
    keepDataset: argv.includes('--keep-dataset'),
    dataset: value('dataset') ?? null,
    rebuildBatch: number('rebuild-batch') ?? DEFAULT_REBUILD_BATCH_SIZE,
    rebuildCarried: number('rebuild-carried') ?? DEFAULT_REBUILD_CARRIED,
  };
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
  /** Leaves the database in place when the run ends (the run otherwise drops whatever it created). */
  keep(): void;
}

/** An existing database on the benchmark server (a kept dataset); `drop()` leaves it in place. */
export function existingDatabase(name: string): ScratchDatabase {
  if (!/^bench_[a-z0-9_]+$/.test(name)) throw new Error(`--dataset must name a bench_* database, got ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => Promise.resolve(), keep: () => undefined };
}

/** A new, empty database on the benchmark server; dropped by `drop()` (and by the run's cleanup). */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const database = { name, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
  created.add(database);
  return {
    ...database,
    async drop() {
      await database.drop();
      created.delete(database);
    },
    keep() {
      created.delete(database);
    },
  };
}

const created = new Set<{ drop(): Promise<void> }>();

/** Drops every database this run created and did not drop yet. */
export async function dropAllScratchDatabases(): Promise<void> {
  // Deleting the entry being visited is safe while iterating a Set.
  for (const database of created) {
    try {
      await database.drop();
      created.delete(database);
    } catch {
      // server unreachable: kept in the set, the next call tries again
    }
  }
}

export async function adminQuery<Row = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** CPU time (µs) used so far by the PostgreSQL backends connected to `database` (from /proc; the server is local). */
export async function backendCpuMicros(database: string): Promise<number> {
  const rows = await adminQuery<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = statFields(pid);
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // backend gone, or /proc not readable
    }
  }
  return ticks * 10_000;
}

/** CPU time (µs) used so far by a local process (from /proc, 10 ms ticks); NaN when it is gone. */
export function processCpuMicros(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

/** The fields of /proc/<pid>/stat after the command name (the state first). */
function statFields(pid: number | string): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}

/**
 * CPU time (µs) used so far by the whole local PostgreSQL server: the postmaster, its live
 * processes, and those that already exited (counted in the postmaster's children's time), so a
 * backend that a pool closes mid-run does not take its CPU with it. Includes other databases' work.
 */
export async function serverCpuMicros(): Promise<number> {
  const [{ data_directory: dataDirectory }] = await adminQuery<{ data_directory: string }>(`SELECT current_setting('data_directory') AS data_directory`);
  const postmaster = Number(readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0]);
  const own = statFields(postmaster);
  // utime, stime, cutime, cstime are fields 14-17 of /proc/<pid>/stat (11-14 after the name).
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      // ppid is field 4 (1 after the name).
      if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile: its time is in the postmaster's children's time by now
    }
  }
  return ticks * 10_000;
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  settings: Record<string, string>;
  load: string;
  code: string;
}

/** Which code was measured: the commit, and whether src/, libs/ or migrations/ differ from it. */
function codeVersion(): string {
  if (process.env.BENCH_CODE) return process.env.BENCH_CODE;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'libs', 'migrations'], { encoding: 'utf8' }).trim();
    return dirty ? `${commit} with uncommitted changes in src/libs/migrations` : commit;
  } catch {
    return 'unknown (no git)';
  }
}

export async function machineFacts(): Promise<MachineFacts> {
  const rows = await adminQuery<{ version: string }>(`SELECT version()`);
  const settings = await adminQuery<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'full_page_writes', 'wal_level')`,
  );
  let load = '';
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    load = 'n/a';
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: rows[0].version.split(' on ')[0],
    settings: Object.fromEntries(settings.map((s) => [s.name, s.unit && s.unit !== '' ? `${s.setting} (${s.unit})` : s.setting])),
    load,
    code: codeVersion(),
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export const fmt = {
  rate: (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a'),
  ms: (value: number) => (Number.isFinite(value) ? (value < 10 ? value.toFixed(2) : value.toFixed(1)) : 'n/a'),
  ratio: (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a'),
};
