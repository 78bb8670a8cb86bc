import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '../../src/config/app-config.js';
import { createApp } from '../../src/main.js';
import { createPostgresDatabase } from './test-databases.js';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** The real service on an ephemeral port, with its embedded identity provider issuing real tokens. */
export interface TestServer {
  app: NestExpressApplication;
  baseUrl: string;
  /** The server's DATA_DIR: the embedded provider's signing keys are in `<dataDir>/identity/jwks.json`. */
  dataDir: string;
  token(clientId: string): Promise<string>;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  /** graphql() with a token of the demo client, failing the test on any error. */
  as(clientId: string): <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

export async function startTestServer(backend: 'pglite' | 'postgres', environment: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-e2e-'));
  // Each server gets a database of its own, so suites never see each other's events.
  const postgres = backend === 'postgres' ? await createPostgresDatabase() : null;
  const database = postgres ? { DATABASE_URL: postgres.url } : {};
  const app = await createApp(
    loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...database, ...environment }),
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
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
    const body = (await response.json()) as Omit<GraphqlResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  return {
    app,
    baseUrl,
    dataDir,
    token,
    graphql,
    as(clientId) {
      return async (query, variables) => graphql(query, variables, await token(clientId));
    },
    async close() {
      await app.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
