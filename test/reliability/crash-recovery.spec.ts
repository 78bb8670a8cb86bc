import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, TEST_BACKENDS } from '../support/test-databases.js';
import { ensureBuilt } from './support/child-server.js';
import { crashScenario } from './support/crash-scenario.js';

/**
 * Issue 6, item 1: kill -9 the built server (a child process) under concurrent commands, restart it on
 * the same store, and hold the store against the client's log of acknowledged commands.
 */
describe.each(TEST_BACKENDS)('a server killed under load loses, duplicates and skips nothing (%s)', (backend) => {
  const root = mkdtempSync(join(tmpdir(), 'iot-ssf-crash-'));
  let drop: (() => Promise<void>) | undefined;
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(async () => {
    await drop?.();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps every acknowledged command exactly once and converges the unknown ones on retry', async () => {
    const dataDir = join(root, 'data');
    let location: Parameters<typeof crashScenario>[0]['location'];
    if (backend === 'postgres') {
      const database = await createPostgresDatabase();
      drop = database.drop;
      location = { backend, url: database.url };
    } else {
      location = { backend, dataDir };
    }
    const report = await crashScenario({ location, dataDir, chains: 60, concurrency: 12, killAfterAcks: 90, run: `crash-${Date.now().toString(36)}` });
    process.stdout.write(`crash ${backend}: ${JSON.stringify(report)}\n`);

    expect(report.acked).toBeGreaterThanOrEqual(90);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.partial).toBe(0);
    expect(report.unknownPresent + report.unknownAbsent).toBe(report.unknown);
    expect(report.unknownConverged).toBe(report.unknown);
    expect(report.ackedReplayedWithoutWrite).toBe(report.acked);
    expect(report.skippedByReaders).toBe(0);
    expect(report.duplicatedByReaders).toBe(0);
    expect(report.refusedCodes).toEqual({});
    if (backend === 'pglite') expect(report.staleLockTakenOver).toBe(true);
  }, 150_000);
});
