// Longer variants of test/reliability, with the figures docs/reliability.md reports.
// Run: npm run reliability (see docs/reliability.md for the script line). Needs DATABASE_URL for the PostgreSQL parts.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '../../test/support/test-databases.js';
import { ensureBuilt } from '../../test/reliability/support/child-server.js';
import { crashScenario, type CrashReport } from '../../test/reliability/support/crash-scenario.js';
import { outageScenario, type OutageReport } from '../../test/reliability/support/outage-scenario.js';
import { canControlPostgres } from '../../test/reliability/support/postgres-control.js';
import { projectorCrashScenario, type ProjectorCrashReport } from '../../test/reliability/support/projector-crash-scenario.js';

const ROUNDS = Number(process.env.RELIABILITY_ROUNDS ?? 3);
const CHAINS = Number(process.env.RELIABILITY_CHAINS ?? 250);
const results: { crash: CrashReport[]; outage: OutageReport[]; projector: ProjectorCrashReport[] } = { crash: [], outage: [], projector: [] };
const backends: Array<'pglite' | 'postgres'> = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

function save(): void {
  mkdirSync(join(process.cwd(), 'bench/reliability/results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench/reliability/results/latest.json'), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
}

describe('reliability bench', () => {
  it('builds', () => ensureBuilt(), 180_000);

  for (const backend of backends) {
    it(`kill -9 under load, ${ROUNDS} rounds of ${CHAINS * 4} commands (${backend})`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const root = mkdtempSync(join(tmpdir(), 'iot-ssf-crash-bench-'));
        const pgDatabase = backend === 'postgres' ? await createPostgresDatabase() : undefined;
        try {
          const report = await crashScenario({
            location: pgDatabase ? { backend: 'postgres', url: pgDatabase.url } : { backend: 'pglite', dataDir: join(root, 'data') },
            dataDir: join(root, 'data'),
            chains: CHAINS,
            concurrency: 16,
            killAfterAcks: Math.round(CHAINS * (1 + round)),
            run: `bench-${round}-${Date.now().toString(36)}`,
          });
          process.stdout.write(`crash ${backend} round ${round}: ${JSON.stringify(report)}\n`);
          results.crash.push(report);
          save();
          expect(report.lost + report.duplicated + report.partial + report.skippedByReaders + report.duplicatedByReaders).toBe(0);
          expect(report.unknownConverged).toBe(report.unknown);
        } finally {
          await pgDatabase?.drop();
          rmSync(root, { recursive: true, force: true });
        }
      }
    }, 1_800_000);
  }

  it('PostgreSQL outage under load, twice (the shared cluster is down ~8 s each time)', async () => {
    if (!canControlPostgres()) return;
    for (let round = 0; round < 2; round++) {
      const report = await outageScenario({ run: `bench-outage-${round}-${Date.now().toString(36)}`, downMs: 2_000, concurrency: 8 });
      process.stdout.write(`outage round ${round}: ${JSON.stringify(report)}\n`);
      results.outage.push(report);
      save();
      expect(report.lost).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
  }, 600_000);

  it('projector killed -9 five times while catching up on a larger backlog', async () => {
    if (!process.env.DATABASE_URL) return;
    const report = await projectorCrashScenario({ run: `bench-proj-${Date.now().toString(36)}`, chains: CHAINS, killDelaysMs: [5_000, 5_000, 5_000, 5_000, 5_000] });
    process.stdout.write(`projector crash: ${JSON.stringify(report)}\n`);
    results.projector.push(report);
    save();
    expect(report.differingTables).toEqual([]);
  }, 600_000);
});
