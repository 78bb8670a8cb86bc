import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ts from 'typescript';

import { startEmbeddedApp, tempDataDir, type RunningApp } from './support.js';

const run = promisify(execFile);

describe('scripts/token.ts', () => {
  let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
  let running: RunningApp;
  let script: string;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    running = await startEmbeddedApp(dataDir.path);
    const source = await readFile(join(process.cwd(), 'scripts', 'token.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    script = join(dataDir.path, 'token.mjs');
    await writeFile(script, outputText);
  });

  afterAll(async () => {
    await running.close();
    await dataDir.remove();
  });

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const { KEYCLOAK_URL: _k, CLIENT_SECRET: _c, ...rest } = process.env;
    return { ...rest, PUBLIC_URL: running.baseUrl, ...extra };
  };

  it('prints a token of the running server for a demo client', async () => {
    const { stdout } = await run(process.execPath, [script, 'harbor-insurance'], { env: env({}) });
    await expect(running.runtime.verifier.verify(stdout.trim())).resolves.toMatchObject({
      organizationId: 'harbor-insurance',
      roles: ['insurer'],
    });
  });

  it('fails with a wrong CLIENT_SECRET and without a client id', async () => {
    await expect(run(process.execPath, [script, 'acme-devices'], { env: env({ CLIENT_SECRET: 'nope' }) })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('invalid_client'),
    });
    await expect(run(process.execPath, [script], { env: env({}) })).rejects.toMatchObject({ code: 2 });
  });
});
