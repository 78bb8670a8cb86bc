import { EventEmitter } from 'node:events';
import type { EventStore, SqlDatabase, SqlExecutor } from '@app/event-store';
import type { Projection } from './projection.js';

export interface ProjectionRunnerOptions {
  batchSize?: number;
  idleWaitMs?: number;
  onError?: (projection: string, error: unknown) => void;
}

export interface BatchOutcome {
  applied: number;
  checkpoint: string | undefined;
  /** False when another runner holds this projection or moved its checkpoint first. */
  owned: boolean;
}

/**
 * Runs projections: reads the log after each projection's checkpoint and applies a batch and the
 * new checkpoint in one transaction. A transaction-scoped advisory lock keeps one runner per
 * projection at a time across processes, and the compare-and-set on the checkpoint makes a batch
 * that lost a race roll back instead of applying twice.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly idleWaitMs: number;
  private readonly progressed = new EventEmitter();
  private readonly known = new Map<string, string | undefined>();
  private controller: AbortController | undefined;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly database: SqlDatabase,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1_000;
    this.idleWaitMs = options.idleWaitMs ?? 100;
    this.progressed.setMaxListeners(0);
  }

  /** Starts one catch-up-then-live loop per projection. */
  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    const { signal } = this.controller;
    this.loops = this.projections.map((projection) => this.run(projection, signal));
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await Promise.allSettled(this.loops);
    this.controller = undefined;
    this.loops = [];
  }

  /** Applies at most one batch to one projection. Exposed for rebuilds and tests. */
  async runBatch(projection: Projection): Promise<BatchOutcome> {
    const outcome = await this.applyNext(projection, { checkpointName: projection.name, lock: `projection:${projection.name}` });
    if (outcome.owned && outcome.applied > 0) {
      this.known.set(projection.name, outcome.checkpoint);
      this.progressed.emit('progress');
    }
    return outcome;
  }

  /**
   * Rebuilds one projection from the start of the log without taking its read models away:
   *   1. copies of its tables are created empty in a schema of their own (`rebuild_<name>`);
   *   2. the whole log is applied there in batches (`search_path` puts the copies first, so the
   *      projection's SQL is unchanged), under a checkpoint of its own (`rebuild:<name>`);
   *   3. one transaction takes the projection's lock (the live runner then skips it), checks that
   *      the copies have read at least as far as the live tables (else back to 2 for the tail),
   *      replaces the live tables by the copies (index names kept) and moves the projection's
   *      checkpoint to the copies' one, so the checkpoint never steps back.
   * Readers see the old rows until step 3 commits, then the new ones; never a partial rebuild.
   * A rebuild that dies leaves the live tables untouched; the next one starts over.
   */
  async rebuild(projection: Projection, onProgress?: (progress: { applied: number; checkpoint: string | undefined }) => void): Promise<void> {
    const shadow = `rebuild_${projection.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
    const checkpointName = `rebuild:${projection.name}`;
    const lock = `projection-rebuild:${projection.name}`;
    await this.database.withConnection(async (session) => {
      const { rows } = await session.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lock]);
      if (!rows[0].locked) throw new Error(`A rebuild of ${projection.name} is already running`);
      try {
        // 1.
        await this.database.transaction(async (tx) => {
          await tx.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
          await tx.query(`CREATE SCHEMA ${shadow}`);
          for (const table of projection.tables) {
            await tx.query(`CREATE TABLE ${shadow}.${table} (LIKE public.${table} INCLUDING ALL)`);
          }
          await tx.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [checkpointName]);
        });
        // 2. and 3.: a swap that finds the live checkpoint ahead (the live runner kept going) catches up again.
        let applied = 0;
        let checkpoint: string | undefined | typeof NOT_YET = NOT_YET;
        while (checkpoint === NOT_YET) {
          for (;;) {
            const outcome = await this.applyNext(projection, { checkpointName, lock: `${lock}:batch`, schema: shadow });
            if (!outcome.owned) throw new Error(`The rebuild checkpoint of ${projection.name} moved under the rebuild`);
            applied += outcome.applied;
            onProgress?.({ applied, checkpoint: outcome.checkpoint });
            if (outcome.applied === 0) break;
          }
          checkpoint = await this.database.transaction((tx) => this.swap(tx, projection, shadow, checkpointName));
        }
        this.known.set(projection.name, checkpoint);
        this.progressed.emit('progress');
      } finally {
        await session.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lock]);
      }
    });
  }

  /** Replaces the live tables by the rebuilt copies, or answers NOT_YET when the copies are behind. */
  private async swap(tx: SqlExecutor, projection: Projection, shadow: string, checkpointName: string): Promise<string | undefined | typeof NOT_YET> {
    // Blocking: waits for a live batch in flight, then keeps the live runner out until commit.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`projection:${projection.name}`]);
    const live = await this.readCheckpoint(tx, projection.name);
    const rebuilt = await this.readCheckpoint(tx, checkpointName);
    if (live !== undefined && (rebuilt === undefined || this.store.compareCheckpoints(live, rebuilt) > 0)) return NOT_YET;
    const { rows: liveIndexes } = await tx.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1::text[])`,
      [projection.tables],
    );
    const nameOf = new Map(liveIndexes.map((index) => [anonymousIndex(index.indexdef), index.indexname]));
    for (const table of projection.tables) {
      await tx.query(`DROP TABLE public.${table}`);
      await tx.query(`ALTER TABLE ${shadow}.${table} SET SCHEMA public`);
    }
    // LIKE ... INCLUDING ALL names indexes after their columns; later migrations expect the original names.
    const { rows: newIndexes } = await tx.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1::text[])`,
      [projection.tables],
    );
    for (const index of newIndexes) {
      const original = nameOf.get(anonymousIndex(index.indexdef));
      if (original && original !== index.indexname) await tx.query(`ALTER INDEX public.${index.indexname} RENAME TO ${original}`);
    }
    await tx.query(`DROP SCHEMA ${shadow}`);
    await tx.query(
      `INSERT INTO projection_checkpoints (projection, checkpoint, events_applied, updated_at)
       SELECT $1, checkpoint, events_applied, now() FROM projection_checkpoints WHERE projection = $2
       ON CONFLICT (projection) DO UPDATE
         SET checkpoint = EXCLUDED.checkpoint, events_applied = EXCLUDED.events_applied, updated_at = now()`,
      [projection.name, checkpointName],
    );
    await tx.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [checkpointName]);
    return rebuilt;
  }

  /**
   * Reads the log after `checkpointName` and applies the next batch with the new checkpoint in
   * one transaction: a try-lock keeps one writer per target, the compare-and-set on the
   * checkpoint rolls back a batch that lost a race.
   */
  private async applyNext(projection: Projection, target: { checkpointName: string; lock: string; schema?: string }): Promise<BatchOutcome> {
    const before = await this.readCheckpoint(this.database, target.checkpointName);
    // Unfiltered on purpose: the checkpoint then always means "has read the log up to here",
    // which is what read-your-writes waits compare against.
    const page = await this.store.readAll({ after: before, limit: this.batchSize });
    if (page.checkpoint === before) return { applied: 0, checkpoint: before, owned: true };
    const relevant = page.events.filter((event) => projection.eventTypes.includes(event.type));
    const owned = await this.database.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [target.lock]);
      if (!rows[0].locked) return false;
      if (target.schema) await tx.query(`SELECT set_config('search_path', $1, true)`, [`${target.schema}, public`]);
      if (relevant.length > 0) await projection.apply(tx, relevant);
      const moved = await tx.query(
        `INSERT INTO public.projection_checkpoints (projection, checkpoint, events_applied, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (projection) DO UPDATE
           SET checkpoint = EXCLUDED.checkpoint,
               events_applied = projection_checkpoints.events_applied + EXCLUDED.events_applied,
               updated_at = now()
         WHERE projection_checkpoints.checkpoint IS NOT DISTINCT FROM $4`,
        [target.checkpointName, page.checkpoint, page.events.length, before ?? null],
      );
      if (moved.rowCount !== 1) throw new CheckpointMovedError(projection.name);
      return true;
    }).catch((error: unknown) => {
      if (error instanceof CheckpointMovedError) return false;
      throw error;
    });
    if (!owned) return { applied: 0, checkpoint: before, owned: false };
    return { applied: page.events.length, checkpoint: page.checkpoint, owned: true };
  }

  /** Applies batches until the projection has everything visible now. */
  async catchUp(projection: Projection, onBatch?: (outcome: BatchOutcome) => void): Promise<void> {
    for (;;) {
      const outcome = await this.runBatch(projection);
      onBatch?.(outcome);
      if (outcome.applied === 0) return;
    }
  }

  /**
   * Resolves once every projection has passed `checkpoint` (read-your-writes), or rejects after
   * `timeoutMs`. Works when the runner is another process too: it reads the checkpoint table.
   */
  async waitFor(checkpoint: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.allPast(checkpoint)) return;
      if (Date.now() >= deadline) throw new ProjectionLagError(checkpoint, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 25);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.progressed.once('progress', done);
      });
    }
  }

  private async allPast(checkpoint: string): Promise<boolean> {
    const { rows } = await this.database.query<{ projection: string; checkpoint: string | null }>(
      `SELECT projection, checkpoint FROM projection_checkpoints WHERE projection = ANY($1::text[])`,
      [this.projections.map((projection) => projection.name)],
    );
    const byName = new Map(rows.map((row) => [row.projection, row.checkpoint]));
    return this.projections.every((projection) => {
      const reached = byName.get(projection.name);
      return reached !== undefined && reached !== null && this.store.compareCheckpoints(reached, checkpoint) >= 0;
    });
  }

  private async readCheckpoint(executor: SqlExecutor, name: string): Promise<string | undefined> {
    const { rows } = await executor.query<{ checkpoint: string | null }>(
      `SELECT checkpoint FROM projection_checkpoints WHERE projection = $1`,
      [name],
    );
    return rows[0]?.checkpoint ?? undefined;
  }

  private async run(projection: Projection, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const outcome = await this.runBatch(projection);
        if (outcome.applied > 0) continue;
      } catch (error) {
        this.options.onError?.(projection.name, error);
      }
      // The abort listener is removed after each wait: an idle loop would otherwise pile them up.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, this.idleWaitMs);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}

const NOT_YET = Symbol('NOT_YET');

/** An index definition without its name, to match an index with its copy. */
function anonymousIndex(definition: string): string {
  return definition.replace(/INDEX \S+ ON/, 'INDEX ON');
}

class CheckpointMovedError extends Error {
  constructor(projection: string) {
    super(`The checkpoint of ${projection} moved under this batch`);
  }
}

export class ProjectionLagError extends Error {
  readonly code = 'PROJECTION.LAGGING';
  constructor(checkpoint: string, timeoutMs: number) {
    super(`Read models did not reach ${checkpoint} within ${timeoutMs} ms`);
    this.name = 'ProjectionLagError';
  }
}
