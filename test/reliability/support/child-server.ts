// Reliability support: the built service (dist/src/main.js) as a child process that a test can kill -9.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = process.cwd();
const MAIN = join(ROOT, 'dist/src/main.js');

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than a source file, so the child runs the code under test. */
export function ensureBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'libs')));
  if (built >= sources) return;
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface GraphqlResult {
  status: number;
  // oxlint-disable-next-line typescript/no-explicit-any -- tests read nested response data freely
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
  /** Whether the JSON body had a `data` key at all (absent = refused before execution). */
  hasData: boolean;
}

export interface ChildServer {
  readonly baseUrl: string;
  readonly pid: number;
  readonly process: ChildProcess;
  token(clientId: string): Promise<string>;
  graphql(query: string, variables?: Record<string, unknown>, token?: string, signal?: AbortSignal): Promise<GraphqlResult>;
  health(): Promise<number>;
  /** kill -9: no shutdown hook runs, the PGlite lock file stays behind. */
  crash(): Promise<void>;
  /** SIGTERM and wait: shutdown hooks close the database and release the lock. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  dataDir: string;
  databaseUrl?: string;
  port?: number;
  logFile?: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(options.logFile ?? join(options.dataDir, '..', `server-${port}.log`), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });

  const tokens = new Map<string, string>();
  const server: ChildServer = {
    baseUrl,
    pid: child.pid ?? -1,
    process: child,
    async token(clientId) {
      const cached = tokens.get(clientId);
      if (cached) return cached;
      const response = await fetch(`${baseUrl}/realms/iot-ssf/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientId}-secret` }),
      });
      if (response.status !== 200) throw new Error(`token for ${clientId}: ${response.status}`);
      const token = ((await response.json()) as { access_token: string }).access_token;
      tokens.set(clientId, token);
      return token;
    },
    async graphql(query, variables = {}, token, signal) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal,
      });
      const text = await response.text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { errors: [{ message: text.slice(0, 200), extensions: { code: `HTTP_${response.status}` } }] };
      }
      return { status: response.status, ...body, hasData: 'data' in body } as GraphqlResult;
    },
    async health() {
      try {
        return (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(3_000) })).status;
      } catch {
        return 0;
      }
    },
    async crash() {
      if (!alive) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while ((await server.health()) !== 200) {
    if (!alive) throw new Error(`server exited before it was ready (see ${options.logFile ?? 'its log'})`);
    if (Date.now() > deadline) {
      await server.crash();
      throw new Error('server not ready in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}
