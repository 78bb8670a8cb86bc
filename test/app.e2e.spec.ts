import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigurationError, loadConfig } from '../src/config/app-config.js';
import { createApp } from '../src/main.js';
import { createPostgresDatabase, TEST_BACKENDS } from './support/test-databases.js';

describe('configuration', () => {
  it('refuses a DATABASE_URL that is not a PostgreSQL URL, naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/db' })).toThrow(ConfigurationError);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL: must be a postgres:\/\//);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('defaults to the embedded store in ./data and switches to PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({}).database).toEqual({ kind: 'pglite', dataDir: join(process.cwd(), 'data') });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/x' }).database).toMatchObject({ kind: 'postgres', url: 'postgres://u@db:5432/x' });
    expect(loadConfig({ DATA_DIR: '/var/lib/iot' }).database).toEqual({ kind: 'pglite', dataDir: '/var/lib/iot' });
  });
});

for (const backend of TEST_BACKENDS) {
  describe(`service on ${backend}`, () => {
    let app: NestExpressApplication;
    let baseUrl: string;
    const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-app-'));

    let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;

    beforeAll(async () => {
      postgres = backend === 'postgres' ? await createPostgresDatabase() : null;
      const environment = postgres ? { DATABASE_URL: postgres.url, DATA_DIR: dataDir } : { DATA_DIR: dataDir };
      app = await createApp(loadConfig({ ...environment, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
      await app.listen(0, '127.0.0.1');
      baseUrl = await app.getUrl();
    });
    afterAll(async () => {
      await app.close();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers /health with 200 and JSON once the store takes commands', async () => {
      const response = await fetch(`${baseUrl}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', checks: { eventStore: 'up' } });
    });

    it('answers liveness separately', async () => {
      const response = await fetch(`${baseUrl}/health/live`);
      expect(await response.json()).toEqual({ status: 'ok' });
    });
  });
}
