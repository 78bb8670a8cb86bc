import { beforeAll, describe, expect, it } from '@jest/globals';
import { ensureBuilt } from './support/child-server.js';
import { projectorCrashScenario } from './support/projector-crash-scenario.js';

/**
 * Issue 6, item 3 at process level (PostgreSQL): the projector process is killed -9 three times, each time right after one more batch committed,
 * while it catches up on a backlog, then restarted; its read models equal a rebuild from the log.
 * The batch-level variant (a transaction failing after its rows are written) is in
 * src/read-models/projection-replay.spec.ts.
 */
(process.env.DATABASE_URL ? describe : describe.skip)('a projector killed while catching up (postgres)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('ends with read models equal to a fresh rebuild', async () => {
    const report = await projectorCrashScenario({ run: `proj-${Date.now().toString(36)}`, chains: 60, killDelaysMs: [5_000, 5_000, 5_000] });
    process.stdout.write(`projector crash: ${JSON.stringify(report)}\n`);
    expect(report.events).toBeGreaterThan(200);
    expect(report.differingTables).toEqual([]);
    expect(report.tables).toBeGreaterThan(10);
  }, 150_000);
});
