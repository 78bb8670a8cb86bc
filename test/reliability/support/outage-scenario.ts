// Reliability scenario: PostgreSQL stops (immediate) under load and starts again; the server is never restarted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '../../support/test-databases.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { registerDemoOrganizations, runLoad, send, type LoggedCommand } from './command-load.js';
import { startPostgres, stopPostgres } from './postgres-control.js';
import { eventsPerCommand, withDatabase } from './store-peek.js';

export interface OutageReport {
  /** /health answered 503 during the outage. */
  healthDuringOutage: number[];
  /** extensions.code of mutations sent while PostgreSQL was down. */
  codesDuringOutage: Record<string, number>;
  /** HTTP statuses of those mutations. */
  statusesDuringOutage: Record<string, number>;
  downMs: number;
  /** From the end of `pg_ctlcluster start` (server accepting connections) to the first 200 /health. */
  healthRecoveryMs: number;
  /** From the end of `pg_ctlcluster start` to the first acknowledged mutation. */
  mutationRecoveryMs: number;
  acked: number;
  unknown: number;
  lost: number;
  duplicated: number;
  unknownConverged: number;
}

const PROBE = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`;

export async function outageScenario(options: { run: string; downMs: number; concurrency: number }): Promise<OutageReport> {
  const database = await createPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-outage-'));
  let server: ChildServer | undefined;
  try {
    server = await startChildServer({ dataDir, databaseUrl: database.url });
    const live = server;
    await registerDemoOrganizations(live);
    const admin = await live.token('consortium-admin');
    let probeIndex = 0;
    const probe = () => {
      const commandId = `${options.run}-probe-${probeIndex++}`;
      return live.graphql(PROBE, { input: { commandId, id: `probe-${commandId}`, name: 'Probe', roles: ['OPERATOR'] } }, admin);
    };

    // Load that keeps going through the outage; chains stop at their first unanswered step.
    const load = { stop: false };
    const logs: LoggedCommand[] = [];
    const loadLoop = (async () => {
      for (let round = 0; !load.stop; round++) {
        const log = await runLoad(live, { run: `${options.run}-r${round}`, chains: 8, concurrency: options.concurrency, stopWhen: () => load.stop });
        logs.push(...log.commands);
        if (log.unknown().length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const healthDuringOutage: number[] = [];
    const codesDuringOutage: Record<string, number> = {};
    const statusesDuringOutage: Record<string, number> = {};
    let readyAt = 0;
    const stoppedAt = Date.now();
    stopPostgres();
    try {
      while (Date.now() - stoppedAt < options.downMs) {
        healthDuringOutage.push(await live.health());
        const response = await probe();
        const code = String(response.errors?.[0]?.extensions?.code ?? (response.errors ? 'NONE' : 'OK'));
        codesDuringOutage[code] = (codesDuringOutage[code] ?? 0) + 1;
        statusesDuringOutage[response.status] = (statusesDuringOutage[response.status] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      startPostgres();
      readyAt = Date.now();
    }
    const downMs = readyAt - stoppedAt;

    let healthRecoveryMs = -1;
    let mutationRecoveryMs = -1;
    while (Date.now() - readyAt < 60_000 && (healthRecoveryMs < 0 || mutationRecoveryMs < 0)) {
      if (healthRecoveryMs < 0 && (await live.health()) === 200) healthRecoveryMs = Date.now() - readyAt;
      if (mutationRecoveryMs < 0 && !(await probe()).errors) mutationRecoveryMs = Date.now() - readyAt;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    load.stop = true;
    await loadLoop;

    const acked = logs.filter((c) => c.outcome === 'acked');
    const unknown = logs.filter((c) => c.outcome === 'unknown');
    const before = await withDatabase({ backend: 'postgres', url: database.url }, eventsPerCommand);
    let unknownConverged = 0;
    for (const command of unknown) if ((await send(live, command)).outcome === 'acked') unknownConverged += 1;
    const after = await withDatabase({ backend: 'postgres', url: database.url }, eventsPerCommand);
    return {
      healthDuringOutage,
      codesDuringOutage,
      statusesDuringOutage,
      downMs,
      healthRecoveryMs,
      mutationRecoveryMs,
      acked: acked.length,
      unknown: unknown.length,
      lost: acked.filter((c) => !before.has(c.commandId)).length,
      duplicated: logs.filter((c) => (after.get(c.commandId)?.count ?? 0) > 1).length,
      unknownConverged: unknownConverged === unknown.length ? unknown.filter((c) => after.get(c.commandId)?.count === 1).length : unknownConverged,
    };
  } finally {
    await server?.crash();
    await database.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
