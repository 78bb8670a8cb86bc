import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './common.js';

/** A GraphQL response body; `T` is the shape of `data` for the query sent (the caller's claim, not checked). */
export interface GraphqlResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphqlError[];
  extensions?: Record<string, unknown>;
}

export interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** The real service (`node dist/src/main.js`) in a child process, so load generator and server do not share an event loop. */
export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  token(clientId: string): Promise<string>;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  /** graphql() with a demo client's token; throws on GraphQL errors. */
  ok<T = Record<string, unknown>>(clientId: string, query: string, variables?: Record<string, unknown>): Promise<T & { consistencyToken?: string }>;
  /** With a profile directory: starts the CPU profile, written when the server stops (see profiled-main.ts). */
  startProfile(): void;
  /** Resident set now and its peak since start (kB, from /proc). */
  memory(): { rssKb: number; hwmKb: number };
  stop(): Promise<void>;
}

/** The node flags `npm start` runs the API with (e.g. its heap limit): the API is measured as it ships. */
export function startFlags(): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const match = /node((?: --\S+)*) dist\/src\/main\.js/.exec(scripts.start);
  if (!match) throw new Error(`cannot find "node ... dist/src/main.js" in the start script: ${scripts.start}`);
  return match[1].trim().split(' ').filter(Boolean);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** How a benchmark starts the service beyond `npm start`'s flags, for diagnostics only. */
export interface ServerOptions {
  /** Profiles the window the benchmark marks (see profiled-main.ts), written to this directory. */
  profileDir?: string;
  /** Modules preloaded with `--import` (the benchmark's own instruments, e.g. gc-timeline.js). */
  preload?: string[];
}

export async function startServer(databaseUrl: string, environment: Record<string, string> = {}, { profileDir, preload = [] }: ServerOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-bench-'));
  const args = [...startFlags(), ...preload.flatMap((module) => ['--import', module]), 'dist/src/main.js'];
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    args.splice(-1, 1, 'dist/bench/lib/profiled-main.js');
    environment = { ...environment, BENCH_PROFILE_DIR: profileDir };
  }
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy within 60 s: ${stderr}`);
    }
    await sleep(100);
  }
  const tokens = new Map<string, string>();
  async function token(clientId: string): Promise<string> {
    const cached = tokens.get(clientId);
    if (cached) return cached;
    const response = await fetch(`${baseUrl}/realms/iot-ssf/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientId}-secret` }),
    });
    if (response.status !== 200) throw new Error(`token for ${clientId}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { access_token: string };
    tokens.set(clientId, body.access_token);
    return body.access_token;
  }
  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, bearer?: string): Promise<GraphqlResponse<T>> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<T>;
  }
  return {
    child,
    baseUrl,
    port,
    token,
    graphql,
    startProfile() {
      if (!profileDir) throw new Error('the server was started without a profile directory');
      child.kill('SIGWINCH');
    },
    async ok<T>(clientId: string, query: string, variables?: Record<string, unknown>) {
      const response = await graphql<T>(query, variables, await token(clientId));
      if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      const data = (response.data ?? {}) as T & { consistencyToken?: string };
      const consistencyToken = response.extensions?.consistencyToken;
      data.consistencyToken = typeof consistencyToken === 'string' ? consistencyToken : undefined;
      return data;
    },
    memory() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const field = (name: string) => Number(/\s(\d+) kB/.exec(status.split('\n').find((line) => line.startsWith(name)) ?? '')?.[1] ?? NaN);
        return { rssKb: field('VmRSS:'), hwmKb: field('VmHWM:') };
      } catch {
        return { rssKb: NaN, hwmKb: NaN };
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
