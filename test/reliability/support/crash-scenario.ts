// Reliability scenario: kill -9 the real server under a load of commands, restart it on the same store,
// and hold the store against the client's log. Shared by test/reliability (small) and bench/reliability (large).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server.js';
import { registerDemoOrganizations, runLoad, send, type LoggedCommand } from './command-load.js';
import { countRows, eventsPerCommand, withDatabase, type StoreLocation } from './store-peek.js';

export interface CrashReport {
  backend: string;
  sent: number;
  acked: number;
  refused: number;
  unknown: number;
  /** Acknowledged before the kill, absent after the restart. Goal 0. */
  lost: number;
  /** Commands with more events than one run records (or spread over several streams). Goal 0. */
  duplicated: number;
  /** Commands whose events are only partly recorded. Goal 0. */
  partial: number;
  unknownPresent: number;
  unknownAbsent: number;
  /** Unknown ones whose retry with the same commandId was acknowledged and left exactly one record. */
  unknownConverged: number;
  /** Acknowledged ones re-sent with the same commandId: answered without recording anything. */
  ackedReplayedWithoutWrite: number;
  /** Events in the log that the audit-log projection never applied, and ones it applied twice. */
  skippedByReaders: number;
  duplicatedByReaders: number;
  events: number;
  /** The PGlite lock file named the killed pid, and the restarted server took it over. */
  staleLockTakenOver: boolean | null;
  restartMs: number;
  refusedCodes: Record<string, number>;
}

export interface CrashOptions {
  location: StoreLocation;
  /** DATA_DIR of the server (the embedded store on PGlite; the identity keys on both). */
  dataDir: string;
  chains: number;
  concurrency: number;
  killAfterAcks: number;
  run: string;
}

const SENTINEL = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`;

export async function crashScenario(options: CrashOptions): Promise<CrashReport> {
  const databaseUrl = options.location.backend === 'postgres' ? options.location.url : undefined;
  const start = () => startChildServer({ dataDir: options.dataDir, databaseUrl });
  const lockFile = join(options.dataDir, 'iot-ssf.lock');
  let server: ChildServer = await start();
  try {
    await registerDemoOrganizations(server);

    // 1. Load, and kill -9 once enough commands are acknowledged: what is in flight then has an unknown outcome.
    let killing: Promise<void> | undefined;
    const first = server;
    const log = await runLoad(server, {
      run: options.run,
      chains: options.chains,
      concurrency: options.concurrency,
      onAck: (acked) => {
        if (acked >= options.killAfterAcks && !killing) killing = first.crash();
      },
      stopWhen: () => killing !== undefined,
    });
    await (killing ?? first.crash());

    // 2. Restart on the same store: a PGlite lock left by the dead pid must be taken over.
    const staleLock = options.location.backend === 'pglite' ? existsSync(lockFile) && readFileSync(lockFile, 'utf8').trim() === String(first.pid) : null;
    const restartedAt = Date.now();
    server = await start();
    const restartMs = Date.now() - restartedAt;
    const takenOver = staleLock === null ? null : staleLock && readFileSync(lockFile, 'utf8').trim() === String(server.pid);

    // 3. The store as the crash left it (PGlite: only one process may open it, so stop, read, start again).
    if (options.location.backend === 'pglite') await server.stop();
    const afterCrash = await withDatabase(options.location, eventsPerCommand);
    if (options.location.backend === 'pglite') server = await start();

    const acked = log.acked();
    const unknown = log.unknown();
    const lost = acked.filter((c) => !afterCrash.has(c.commandId)).length;
    const partialAfterCrash = [...afterCrash.values()].filter((entry) => !entry.contiguous || entry.streams !== 1).length;

    // 4. Retry the unknown ones and re-send the acknowledged ones, each with its own commandId.
    let unknownConverged = 0;
    const retryOutcomes = new Map<string, string>();
    for (const command of unknown) {
      const { outcome, code } = await send(server, command);
      retryOutcomes.set(command.commandId, outcome === 'acked' ? 'acked' : String(code));
    }
    let replayedAcked = 0;
    for (const command of acked) {
      const { outcome } = await send(server, command);
      if (outcome === 'acked') replayedAcked += 1;
    }

    // 5. A fresh command, then read with its consistency token: every projection has passed the whole log.
    const admin = await server.token('consortium-admin');
    const sentinel = await server.graphql(SENTINEL, { input: { commandId: `${options.run}-sentinel`, id: `sentinel-${options.run}`, name: 'Sentinel', roles: ['OPERATOR'] } }, admin);
    const token = sentinel.extensions?.consistencyToken as string | undefined;
    const caughtUp = await server.graphql(`query($id: ID!, $t: String) { organization(id: $id, consistencyToken: $t) { id } }`, { id: `sentinel-${options.run}`, t: token }, admin);
    if (caughtUp.errors) throw new Error(`read models did not catch up: ${JSON.stringify(caughtUp.errors)}`);
    await server.stop();

    // 6. The final store.
    const final = await withDatabase(options.location, async (database) => {
      const perCommand = await eventsPerCommand(database);
      const { rows: skipped } = await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.event_id = e.event_id::text)`,
      );
      const { rows: twice } = await database.query<{ n: number }>(`SELECT (count(*) - count(DISTINCT event_id))::int AS n FROM audit_log`);
      return { perCommand, skipped: skipped[0].n, twice: twice[0].n, events: await countRows(database, 'events') };
    });

    for (const command of unknown) {
      const before = afterCrash.get(command.commandId)?.count ?? 0;
      const after = final.perCommand.get(command.commandId)?.count ?? 0;
      if (retryOutcomes.get(command.commandId) === 'acked' && after === 1 && (before === 0 || before === after)) unknownConverged += 1;
    }
    const ackedReplayedWithoutWrite = acked.filter(
      (c) => afterCrash.get(c.commandId)?.count === final.perCommand.get(c.commandId)?.count,
    ).length;
    const everyLoadCommand = log.commands.filter((c) => c.outcome !== 'refused');
    const duplicated = everyLoadCommand.filter((c) => {
      const entry = final.perCommand.get(c.commandId);
      return entry !== undefined && (entry.count > 1 || entry.streams > 1);
    }).length;
    const refusedCodes: Record<string, number> = {};
    for (const command of log.refused()) refusedCodes[command.code ?? '?'] = (refusedCodes[command.code ?? '?'] ?? 0) + 1;

    return {
      backend: options.location.backend,
      sent: log.commands.length,
      acked: acked.length,
      refused: log.refused().length,
      unknown: unknown.length,
      lost,
      duplicated,
      partial: partialAfterCrash,
      unknownPresent: unknown.filter((c) => afterCrash.has(c.commandId)).length,
      unknownAbsent: unknown.filter((c) => !afterCrash.has(c.commandId)).length,
      unknownConverged,
      ackedReplayedWithoutWrite: replayedAcked === acked.length ? ackedReplayedWithoutWrite : Math.min(replayedAcked, ackedReplayedWithoutWrite),
      skippedByReaders: final.skipped,
      duplicatedByReaders: final.twice,
      events: final.events,
      staleLockTakenOver: takenOver,
      restartMs,
      refusedCodes,
    };
  } finally {
    await server.crash();
  }
}

export type { LoggedCommand };
