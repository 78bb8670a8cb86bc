import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import {
  IDENTITY_RUNTIME,
  IdentityModule,
  mountIdentityProvider,
  type EmbeddedIdentityConfig,
  type IdentityRuntime,
} from '../src/index.js';

export const REALM_FILE = join(process.cwd(), 'deploy', 'keycloak', 'realm-iot-ssf.json');

export async function tempDataDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'identity-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly runtime: IdentityRuntime;
  close(): Promise<void>;
}

/** A minimal Nest app over Express with the embedded provider mounted, as main.ts will do. */
export async function startEmbeddedApp(
  dataDir: string,
  overrides: Partial<EmbeddedIdentityConfig> = {},
): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config: EmbeddedIdentityConfig = {
    mode: 'embedded',
    realmFile: REALM_FILE,
    dataDir,
    issuerBaseUrl: baseUrl,
    audience: 'iot-ssf-api',
    production: false,
    enabled: false,
    ...overrides,
  };

  @Module({ imports: [IdentityModule.forRoot(config)] })
  class AppModule {}

  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  mountIdentityProvider(app);
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, runtime: app.get<IdentityRuntime>(IDENTITY_RUNTIME), close: () => app.close() };
}

export interface TokenResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function requestToken(
  baseUrl: string,
  clientId: string,
  secret = `${clientId}-secret`,
  how: 'post' | 'basic' = 'post',
): Promise<TokenResponse> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (how === 'post') {
    form.set('client_id', clientId);
    form.set('client_secret', secret);
  } else {
    headers['authorization'] =
      `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  }
  const response = await fetch(`${baseUrl}/realms/iot-ssf/protocol/openid-connect/token`, {
    method: 'POST',
    headers,
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function accessToken(baseUrl: string, clientId: string): Promise<string> {
  const { status, body } = await requestToken(baseUrl, clientId);
  if (status !== 200 || typeof body['access_token'] !== 'string') {
    throw new Error(`token request for ${clientId} failed: ${status} ${JSON.stringify(body)}`);
  }
  return body['access_token'];
}
