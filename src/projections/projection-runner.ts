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
    const before = await this.readCheckpoint(this.database, projection.name);
    // Unfiltered on purpose: the checkpoint then always means "has read the log up to here",
    // which is what read-your-writes waits compare against.
    const page = await this.store.readAll({ after: before, limit: this.batchSize });
    if (page.checkpoint === before) return { applied: 0, checkpoint: before, owned: true };
    const relevant = page.events.filter((event) => projection.eventTypes.includes(event.type));
    const owned = await this.database.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
        `projection:${projection.name}`,
      ]);
      if (!rows[0].locked) return false;
      if (relevant.length > 0) await projection.apply(tx, relevant);
      const moved = await tx.query(
        `INSERT INTO projection_checkpoints (projection, checkpoint, events_applied, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (projection) DO UPDATE
           SET checkpoint = EXCLUDED.checkpoint,
               events_applied = projection_checkpoints.events_applied + EXCLUDED.events_applied,
               updated_at = now()
         WHERE projection_checkpoints.checkpoint IS NOT DISTINCT FROM $4`,
        [projection.name, page.checkpoint, page.events.length, before ?? null],
      );
      if (moved.rowCount !== 1) throw new CheckpointMovedError(projection.name);
      return true;
    }).catch((error: unknown) => {
      if (error instanceof CheckpointMovedError) return false;
      throw error;
    });
    if (!owned) return { applied: 0, checkpoint: before, owned: false };
    this.known.set(projection.name, page.checkpoint);
    this.progressed.emit('progress');
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
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, this.idleWaitMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(undefined);
        }, { once: true });
      });
    }
  }
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
