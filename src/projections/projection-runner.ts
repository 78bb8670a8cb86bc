import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, ReadAllOptions, ReadAllResult, RecordedEvent, SqlDatabase, SqlExecutor } from '@app/event-store';
import type { BulkLoader, BulkLoaderOptions, Projection } from './projection.js';
import { ShadowCopies } from './shadow-copies.js';

/**
 * Per rebuild, shared among the projections it rebuilds. The aggregates a rebuild touches recently
 * are those still being negotiated; a few thousand of them hold all of those on busy logs, at
 * about 15 KB each in memory for the largest views (agreements). One projection alone holds them
 * all: 8,192 agreements rewrote fewer of them than 2,048 (a quarter of the view's writes were
 * rewrites) and, its last ones written through its lanes, rebuilt 4-12% faster, for ~130 MB more
 * at the peak (518,000 events: 342 -> 468 MB). Several together share them (a rebuild of all
 * projections held 2,048 each before, and was no faster with 8,192 each, at twice the memory).
 */
export const DEFAULT_REBUILD_CARRIED = 8_192;

/**
 * Events per page of a rebuild. With the aggregates a rebuild holds and its writes behind, pages of
 * 10,000 rebuilt the agreements alone ~10% faster than pages of 5,000 (four interleaved runs each
 * on a 518,002-event log: 9.2-9.9 against 10.5-10.7 s; 20,000: 10.1-10.9 s), the other
 * projections and all at once the same, for 50-90 MB more at the peak.
 */
export const DEFAULT_REBUILD_BATCH_SIZE = 10_000;

/**
 * Two: one projection rebuilt alone then keeps both cores busy (one lane left PostgreSQL's second
 * core idle half the time). Several projections rebuilt together already write at once, one lane
 * each (more lanes there only cost CPU).
 */
export const DEFAULT_REBUILD_WRITE_LANES = 2;

export interface ProjectionRunnerOptions {
  /** Events read per live batch. */
  batchSize?: number;
  /** Events read per batch during a rebuild (bigger pages: fewer transactions, fewer re-reads of touched rows). */
  rebuildBatchSize?: number;
  /**
   * Aggregates a rebuild may keep folded in memory and write later (`BulkLoader`), in all, shared
   * equally among the loaders of the projections it rebuilds: each is then written about once
   * instead of once per page its events are spread over. Bounds the rebuild's memory (a folded
   * agreement is kilobytes); 0 writes every page's aggregates at once.
   */
  rebuildCarried?: number;
  /**
   * On PostgreSQL, how many transactions a rebuild writes in behind its batches at once, shared
   * among the loaders of the projections it rebuilds (each gets one at least), for projections that
   * say which of their writes must not run together (see `BulkLoaderOptions.writeLanes`).
   */
  rebuildWriteLanes?: number;
  /** How long the live loop sleeps when the log has nothing new (in-process appends wake it earlier). */
  idleWaitMs?: number;
  /**
   * After a batch that did not fill its page, the live loop lets this long (from the batch's start)
   * pass before the next one, so that under a steady stream of appends each batch carries several
   * commands' events for the same statements, instead of one batch per append or two. Adds at most
   * this much to the projection lag. 0: go on at once.
   */
  gatherMs?: number;
  /** First pause before a failing projection is tried again; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onError?: (projection: string, error: unknown) => void;
}

export interface BatchOutcome {
  applied: number;
  checkpoint: string | undefined;
  /** False when another runner holds this projection or moved its checkpoint first. */
  owned: boolean;
}

/** Where one projection's batch goes: the live tables, or a rebuild's shadow copies. */
interface Target {
  projection: Projection;
  checkpointName: string;
  /** Advisory lock (transaction-scoped, tried) that keeps one writer per target. */
  lock: string;
  /** Shadow schema put first on `search_path`, so the projection's SQL is unchanged. */
  schema?: string;
  /** A rebuild's loader for the projection, when it has one: applies in its place and is flushed before the copies are finished or swapped. */
  loader?: BulkLoader;
}

/** A target and the part of the page it has not read yet. */
interface Work {
  target: Target;
  from: string | undefined;
  unseen: readonly RecordedEvent[];
  /** The page was not read (`byRange`): the target applies its range and tells how many of its events it held. */
  byRange: boolean;
}

/** What a batch works on: a page of the log, or only where it ends (`byRange`: `events` empty). */
interface Page {
  events: readonly RecordedEvent[];
  /** How many events the page holds. */
  read: number;
  checkpoint: string | undefined;
  byRange: boolean;
}

/** How `applyNext` reads its page and applies it. */
interface ApplyNextOptions {
  isolate: boolean;
  /** Each target in a transaction of its own, all at once (rebuilds: the database works on one while this process prepares another). */
  concurrent?: boolean;
  /** What of the log a page reads (rebuilds: only their projections' types, and the parts of events they look at). */
  read?: PageRead;
  /**
   * Read only where the page ends and how many events it holds (every target applied by range),
   * when all targets start where the page does.
   */
  byRange?: boolean;
  page?: PrefetchedPage;
  prefetch?: (checkpoint: string | undefined) => void;
}

/** The options of `readAll` that say what a page holds, beyond where it starts and how long it is. */
type PageRead = Pick<ReadAllOptions, 'types' | 'withoutData' | 'withoutMetadata'>;

/** A page read ahead, and where it was read from. */
interface PrefetchedPage {
  after: string | undefined;
  result: Promise<ReadAllResult>;
}

interface PassOutcome {
  /** Events in the page read (0: nothing new for any target). */
  read: number;
  /**
   * For progress: events of the targets' types the pass went over. The page's events, or, where
   * it was not read (`byRange`, whose ends count events of every type), the most any target applied.
   */
  counted: number;
  /** Whether some target applied events (false also when other runners held every target). */
  progressed: boolean;
  checkpoint: string | undefined;
  outcomes: Map<Projection, BatchOutcome>;
}

/**
 * Runs projections. One reader serves them all: each batch reads the log once after the
 * slowest target's checkpoint and applies, in one transaction, every target's unseen events and
 * its new checkpoint (so a read model and its checkpoint never disagree). Per target, a tried
 * transaction-scoped advisory lock keeps one runner at a time across processes, and a
 * compare-and-set on the checkpoint makes a batch that lost a race roll back instead of applying
 * twice. A projection that fails is retried alone, with a growing pause, and left out of the
 * shared batch meanwhile, so one bad projection never holds the others back.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly rebuildCarried: number;
  private readonly rebuildWriteLanes: number;
  private readonly idleWaitMs: number;
  private readonly gatherMs: number;
  /** Events in the page the last live turn read. */
  private lastPageRead = 0;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly progressed = new EventEmitter();
  private readonly failing = new Map<string, { retryAt: number; delayMs: number }>();
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private stopWakeUps: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly database: SqlDatabase,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1_000;
    this.rebuildBatchSize = options.rebuildBatchSize ?? Math.max(this.batchSize, DEFAULT_REBUILD_BATCH_SIZE);
    this.rebuildCarried = options.rebuildCarried ?? DEFAULT_REBUILD_CARRIED;
    this.rebuildWriteLanes = options.rebuildWriteLanes ?? DEFAULT_REBUILD_WRITE_LANES;
    this.idleWaitMs = options.idleWaitMs ?? 20;
    this.gatherMs = options.gatherMs ?? 0;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.progressed.setMaxListeners(0);
  }

  /** Starts the catch-up-then-live loop that feeds every projection. */
  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.stopWakeUps = this.store.onAppended?.(() => this.wake?.());
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    this.wake?.();
    await this.loop;
    this.stopWakeUps?.();
    this.controller = undefined;
    this.loop = undefined;
  }

  /** Applies at most one batch to one projection alone (tests, and runners of a single projection). */
  async runBatch(projection: Projection): Promise<BatchOutcome> {
    const pass = await this.applyNext([liveTarget(projection)], this.batchSize, { isolate: false });
    return pass.outcomes.get(projection)!;
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
   * Applies shared batches until every projection has everything visible now, also where another
   * runner (a live projector) holds some of them for a batch: it waits for that batch instead of
   * answering with those projections behind.
   */
  async catchUpAll(): Promise<void> {
    for (;;) {
      const pass = await this.applyNext(this.projections.map(liveTarget), this.batchSize, { isolate: false });
      if (pass.read === 0) return;
      if ([...pass.outcomes.values()].some((outcome) => !outcome.owned)) await sleep(this.idleWaitMs);
    }
  }

  /** Rebuilds one projection; see `rebuildAll`. */
  async rebuild(projection: Projection, onProgress?: (progress: { applied: number; checkpoint: string | undefined }) => void): Promise<void> {
    await this.rebuildAll([projection], onProgress);
  }

  /**
   * Rebuilds projections from the start of the log without taking their read models away, reading
   * the log once for all of them:
   *   1. copies of their tables are created empty, each projection in a schema of its own
   *      (`rebuild_<name>`), unlogged and with only the indexes the load uses (`ShadowCopies`);
   *   2. the whole log is applied there in big batches, each projection under a checkpoint of its
   *      own (`rebuild:<name>`), the next page read while the current one is applied, through the
   *      projection's `BulkLoader` when it has one (flushed once the log is read); then the
   *      copies are made logged, get their other indexes and statistics, and read the tail;
   *   3. one transaction takes every projection's lock (live runners then skip them), checks that
   *      each copy has read at least as far as its live tables (else back to 2 for the tail),
   *      replaces the live tables by the copies and moves each checkpoint to its copy's one, so no
   *      checkpoint ever steps back.
   * Readers see the old rows until step 3 commits, then all the new ones at once; never a partial
   * rebuild. A rebuild that dies leaves the live tables untouched; the next one starts over.
   */
  async rebuildAll(
    projections: readonly Projection[] = this.projections,
    onProgress?: (progress: { applied: number; checkpoint: string | undefined }) => void,
  ): Promise<void> {
    const copies = projections.map((projection) => new ShadowCopies(projection, 'rebuild'));
    // Lanes and memory are the rebuild's, shared among the projections' loaders.
    const loaders = Math.max(1, projections.filter((projection) => projection.bulkLoader !== undefined).length);
    const writeLanes = Math.max(1, Math.floor(this.rebuildWriteLanes / loaders));
    const carried = Math.floor(this.rebuildCarried / loaders);
    const targets: Target[] = copies.map(({ projection, schema }) => ({
      projection,
      checkpointName: `rebuild:${projection.name}`,
      lock: `projection-rebuild:${projection.name}:batch`,
      schema,
      loader: projection.bulkLoader?.({ carried, writeBehind: this.writeBehind(schema), writeLanes }),
    }));
    const rebuildLocks = projections.map((projection) => `projection-rebuild:${projection.name}`);
    await this.database.withConnection(async (session) => {
      const { rows } = await session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext(name)) AS locked FROM unnest($1::text[]) WITH ORDINALITY AS l(name, n) ORDER BY n`,
        [rebuildLocks],
      );
      try {
        const busy = projections.filter((_, index) => !rows[index].locked);
        if (busy.length > 0) throw new Error(`A rebuild of ${busy.map((projection) => projection.name).join(', ')} is already running`);
        // 1.
        await this.database.transaction(async (tx) => {
          for (const [index, copy] of copies.entries()) {
            await copy.create(tx);
            await tx.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [targets[index].checkpointName]);
          }
        });
        // 2. and 3.: a swap that finds a live checkpoint ahead (the live runner kept going) catches up again.
        let applied = 0;
        let logged = false;
        for (;;) {
          applied = await this.applyAll(targets, applied, onProgress);
          await this.flushAll(targets);
          if (!logged) {
            await ShadowCopies.finish(this.database, copies);
            logged = true;
            continue;
          }
          const swapped = await this.database
            .transaction((tx) => this.swapAll(tx, targets))
            .catch((error: unknown) => {
              if (error instanceof CopiesBehindError) return false;
              throw error;
            });
          if (swapped) break;
        }
        this.progressed.emit('progress');
      } finally {
        // A rebuild that failed may have writes behind still running: none outlives it.
        await Promise.all(targets.map(({ loader }) => loader?.caughtUp?.().catch(() => undefined)));
        const held = rebuildLocks.filter((_, index) => rows[index].locked);
        await session.query(`SELECT pg_advisory_unlock(hashtext(name)) FROM unnest($1::text[]) AS l(name)`, [held]);
      }
    });
  }

  /** Step 2 of a rebuild: shared batches into the shadow copies until they have read everything visible. */
  private async applyAll(
    targets: readonly Target[],
    appliedSoFar: number,
    onProgress?: (progress: { applied: number; checkpoint: string | undefined }) => void,
  ): Promise<number> {
    let applied = appliedSoFar;
    const read: PageRead = {
      // Only the events some target handles are read: a projection rebuilt alone skips the rest of the log.
      types: [...new Set(targets.flatMap((target) => target.projection.eventTypes))],
      // And payloads only if some target looks at them (the audit log rebuilt alone does not).
      withoutData: targets.every((target) => target.projection.readsData === false),
      // And metadata likewise (read models do not look at it).
      withoutMetadata: targets.every((target) => target.projection.readsMetadata === false),
    };
    // And nothing at all, only where each page ends, if every target is built by the database from
    // a range of the log (the audit log rebuilt alone).
    const byRange = this.store.readPageEnd !== undefined && targets.every((target) => appliedByRange(target));
    // The next page is read while the current one is applied: the database and this process work at once.
    let next: PrefetchedPage | undefined;
    for (;;) {
      const pass = await this.applyNext(targets, this.rebuildBatchSize, {
        isolate: false,
        concurrent: true,
        read,
        byRange,
        page: next,
        prefetch: (checkpoint) => {
          next = { after: checkpoint, result: this.store.readAll({ after: checkpoint, limit: this.rebuildBatchSize, ...read }) };
          // Awaited on the next turn (or dropped); a rejection meanwhile must not count as unhandled.
          next.result.catch(() => undefined);
        },
      });
      for (const outcome of pass.outcomes.values()) {
        if (!outcome.owned) throw new Error(`A rebuild checkpoint moved under the rebuild`);
      }
      applied += pass.counted;
      onProgress?.({ applied, checkpoint: pass.checkpoint });
      if (pass.read === 0) return applied;
    }
  }

  /**
   * Where a rebuild loader writes behind its batches, into the copies in `schema`: on PostgreSQL,
   * transactions of their own (the loader keeps them in its lanes); PGlite runs one transaction at
   * a time, so its loaders write in their batches' transactions.
   */
  private writeBehind(schema: string): BulkLoaderOptions['writeBehind'] {
    if (this.database.dialect !== 'postgres') return undefined;
    return (work) => this.writeToCopies(schema, work);
  }

  /** Writes what the targets' loaders hold back, all at once: through their writes behind where they have them, else each in a transaction of its own. */
  private async flushAll(targets: readonly Target[]): Promise<void> {
    await Promise.all(
      targets.map(async ({ loader, schema }) => {
        if (!loader) return;
        loader.letGoAll?.();
        await loader.caughtUp?.();
        await this.writeToCopies(schema, (tx) => loader.flush(tx));
      }),
    );
  }

  /** A transaction of its own on a rebuild's copies, committed without waiting for the flush (they are rebuilt if lost). */
  private writeToCopies(schema: string | undefined, work: (tx: SqlExecutor) => Promise<void>): Promise<void> {
    return this.database.transaction(async (tx) => {
      await tx.query(`SET LOCAL synchronous_commit TO OFF`);
      await writeInto(tx, schema);
      await work(tx);
    });
  }

  /** Step 3 of a rebuild, for all targets in one transaction; throws CopiesBehindError when a copy must catch up first. */
  private async swapAll(tx: SqlExecutor, targets: readonly Target[]): Promise<true> {
    // Blocking, and all at once before any table is touched: waits for live batches in flight,
    // then keeps live runners out until commit.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(name)) FROM unnest($1::text[]) AS l(name)`, [
      targets.map((target) => liveTarget(target.projection).lock),
    ]);
    const checkpoints = await this.readCheckpoints(tx, targets.flatMap((target) => [target.projection.name, target.checkpointName]));
    for (const target of targets) {
      const live = checkpoints.get(target.projection.name);
      const rebuilt = checkpoints.get(target.checkpointName);
      if (live !== undefined && (rebuilt === undefined || this.store.compareCheckpoints(live, rebuilt) > 0)) throw new CopiesBehindError();
    }
    for (const target of targets) await this.swap(tx, target);
    return true;
  }

  /** Replaces one projection's live tables by its rebuilt copies (their indexes have the live names) and moves its checkpoint. */
  private async swap(tx: SqlExecutor, { projection, schema, checkpointName }: Target): Promise<void> {
    for (const table of projection.tables) {
      await tx.query(`DROP TABLE public.${table}`);
      await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
    }
    await tx.query(`DROP SCHEMA ${schema}`);
    await tx.query(
      `INSERT INTO projection_checkpoints (projection, checkpoint, events_applied, updated_at)
       SELECT $1, checkpoint, events_applied, now() FROM projection_checkpoints WHERE projection = $2
       ON CONFLICT (projection) DO UPDATE
         SET checkpoint = EXCLUDED.checkpoint, events_applied = EXCLUDED.events_applied, updated_at = now()`,
      [projection.name, checkpointName],
    );
    await tx.query(`DELETE FROM projection_checkpoints WHERE projection = $1`, [checkpointName]);
  }

  /**
   * One shared batch: reads the log once after the slowest target's checkpoint and applies each
   * target's unseen events with its new checkpoint, all in one transaction. With `isolate`, a
   * failure of the shared transaction is retried target by target, so that only the failing
   * projections stay behind (and are reported); without it, the failure is thrown.
   */
  private async applyNext(
    targets: readonly Target[],
    limit: number,
    options: ApplyNextOptions,
  ): Promise<PassOutcome> {
    const before = await this.readCheckpoints(this.database, targets.map((target) => target.checkpointName));
    const froms = targets.map((target) => before.get(target.checkpointName));
    const start = froms.reduce<string | undefined | null>(
      (slowest, from) => (slowest === null ? from : slowest === undefined || from === undefined ? undefined : this.older(slowest, from)),
      null,
    );
    const after = start ?? undefined;
    const page = options.byRange && froms.every((from) => from === after) ? await this.readRange(after, limit) : await this.readPage(after, limit, options);
    const outcomes = new Map<Projection, BatchOutcome>(
      targets.map((target, index) => [target.projection, { applied: 0, checkpoint: froms[index], owned: true }]),
    );
    const work: Work[] = [];
    targets.forEach((target, index) => {
      const from = froms[index];
      const unseen = from === after ? page.events : page.events.filter((event) => this.store.compareCheckpoints(event.checkpoint, from!) > 0);
      // A page of some types only can end past its last event (it read the others after it too):
      // a target short of that point moves its checkpoint there, even with nothing to apply.
      const shortOfPage = page.checkpoint !== undefined && (from === undefined || this.store.compareCheckpoints(page.checkpoint, from) > 0);
      if (unseen.length > 0 || shortOfPage) work.push({ target, from, unseen, byRange: page.byRange });
    });
    if (work.length === 0 || page.checkpoint === undefined) return { read: 0, counted: 0, progressed: false, checkpoint: page.checkpoint, outcomes };
    const checkpoint = page.checkpoint;

    // Applied: the page's events the target had not seen, or, for a range, the events it applied.
    const record = (done: readonly Work[], applied: readonly number[] | false) => {
      done.forEach(({ target, from, unseen, byRange }, index) => {
        outcomes.set(
          target.projection,
          applied ? { applied: byRange ? applied[index] : unseen.length, checkpoint, owned: true } : { applied: 0, checkpoint: from, owned: false },
        );
      });
    };
    try {
      if (options.concurrent) {
        const owned = await Promise.all(work.map((single) => this.applyTogether([single], checkpoint)));
        work.forEach((single, index) => record([single], owned[index]));
      } else {
        record(work, await this.applyTogether(work, checkpoint));
      }
    } catch (error) {
      if (!options.isolate) throw error;
      if (work.length === 1) this.noteFailure(work[0].target.projection.name, error);
      else for (const single of work) {
        try {
          record([single], await this.applyTogether([single], checkpoint));
        } catch (failure) {
          this.noteFailure(single.target.projection.name, failure);
        }
      }
    }
    const progressed = [...outcomes.values()].some((outcome) => outcome.owned && outcome.applied > 0);
    if (progressed) this.progressed.emit('progress');
    const counted = page.byRange ? Math.max(0, ...[...outcomes.values()].map((outcome) => outcome.applied)) : page.read;
    return { read: page.read, counted, progressed, checkpoint, outcomes };
  }

  /** A page of the log after `after`, or the one read ahead from there. */
  private async readPage(after: string | undefined, limit: number, options: ApplyNextOptions): Promise<Page> {
    // A prefetched page serves only if it was read from where the slowest target is now.
    const prefetched = options.page;
    const { events, checkpoint } =
      prefetched && prefetched.after === after
        ? await prefetched.result
        : await this.store.readAll({ after, limit, ...options.read });
    if (events.length > 0) options.prefetch?.(checkpoint);
    return { events, read: events.length, checkpoint, byRange: false };
  }

  /**
   * Where the page after `after` ends and how many events it holds, none of them read. Of every
   * type: the index alone tells (the targets count the events of their types as they apply them).
   */
  private async readRange(after: string | undefined, limit: number): Promise<Page> {
    const { events, checkpoint } = await this.store.readPageEnd!({ after, limit });
    return { events: [], read: events, checkpoint, byRange: true };
  }

  /**
   * One transaction for a set of targets: try their locks, apply each one's events of its types,
   * and move every checkpoint by compare-and-set. Answers how many events each target applied
   * (what its checkpoint counts), or false (and writes nothing) when a lock is held elsewhere or a
   * checkpoint moved: another runner is on it.
   */
  private async applyTogether(work: readonly Work[], checkpoint: string): Promise<readonly number[] | false> {
    // A rebuild's loaders may still be writing earlier pages behind: at most one such write may
    // overlap this batch (memory), and the wait happens before the batch takes a connection.
    await Promise.all(work.map(({ target }) => target.loader?.caughtUp?.(1)));
    return this.database
      .transaction(async (tx) => {
        // Read models are derived and move with their checkpoint: a commit lost in a crash loses
        // both together and the batch is applied again, so there is no need to wait for the flush.
        // Said in the statement that takes the locks (there is always one): a round trip less.
        const { rows: locks } = await tx.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(hashtext(name)) AS locked, set_config('synchronous_commit', 'off', true)
             FROM unnest($1::text[]) WITH ORDINALITY AS l(name, n) ORDER BY n`,
          [work.map(({ target }) => target.lock)],
        );
        if (locks.some((lock) => !lock.locked)) return false as const;
        const shadowed = work.some(({ target }) => target.schema !== undefined);
        const applied: number[] = [];
        for (const { target, from, unseen, byRange } of work) {
          // Null when the page was not read: the range tells how many of the target's events it held.
          const relevant = byRange ? null : unseen.filter((event) => target.projection.eventTypes.includes(event.type));
          if (relevant?.length === 0) {
            applied.push(0);
            continue;
          }
          if (shadowed) await writeInto(tx, target.schema);
          if (relevant !== null && !appliedByRange(target)) {
            await (target.loader ?? target.projection).apply(tx, relevant);
            applied.push(relevant.length);
            continue;
          }
          // A page read holds every event of the target's types in (from, checkpoint]: the range has the same ones.
          const inRange = await target.projection.applyRange!(tx, from, checkpoint);
          if (relevant !== null && inRange !== relevant.length) {
            throw new Error(`${target.projection.name} applied ${inRange} events by range where the page holds ${relevant.length}`);
          }
          applied.push(inRange);
        }
        const { rows } = await tx.query<{ moved: number }>(MOVE_CHECKPOINTS, [
          work.map(({ target }) => target.checkpointName),
          work.map(({ from }) => from ?? null),
          applied,
          checkpoint,
        ]);
        if (rows[0].moved !== work.length) throw new CheckpointMovedError();
        return applied;
      })
      .catch((error: unknown) => {
        if (error instanceof CheckpointMovedError) return false as const;
        throw error;
      });
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
    const reached = await this.readCheckpoints(this.database, this.projections.map((projection) => projection.name));
    return this.projections.every((projection) => {
      const at = reached.get(projection.name);
      return at !== undefined && this.store.compareCheckpoints(at, checkpoint) >= 0;
    });
  }

  private async readCheckpoints(executor: SqlExecutor, names: readonly string[]): Promise<Map<string, string | undefined>> {
    const { rows } = await executor.query<{ projection: string; checkpoint: string | null }>(
      `SELECT projection, checkpoint FROM projection_checkpoints WHERE projection = ANY($1::text[])`,
      [names],
    );
    return new Map(rows.map((row) => [row.projection, row.checkpoint ?? undefined]));
  }

  private older(a: string, b: string): string {
    return this.store.compareCheckpoints(a, b) <= 0 ? a : b;
  }

  private noteFailure(projection: string, error: unknown): void {
    const previous = this.failing.get(projection);
    const delayMs = previous ? Math.min(previous.delayMs * 2, this.maxRetryDelayMs) : this.retryDelayMs;
    this.failing.set(projection, { retryAt: Date.now() + delayMs, delayMs });
    this.options.onError?.(projection, error);
  }

  /** The live targets of this batch: every projection but those waiting out a failure's pause. */
  private liveTargets(): Target[] {
    const now = Date.now();
    return this.projections.filter((projection) => (this.failing.get(projection.name)?.retryAt ?? 0) <= now).map(liveTarget);
  }

  /**
   * One turn of the live loop: a shared batch for every live projection. When that page is full
   * and some projections had nothing in it (they are ahead of it: the page serves a projection
   * far behind, new or back from a failure), those get a batch of their own in the same turn, so
   * a projection catching up never holds the others back. Answers whether anything was applied.
   */
  async runOnce(): Promise<boolean> {
    const targets = this.liveTargets();
    if (targets.length === 0) return false;
    const pass = await this.applyNext(targets, this.batchSize, { isolate: true });
    this.lastPageRead = pass.read;
    let progressed = pass.progressed;
    const justFailed = (target: Target) => (this.failing.get(target.projection.name)?.retryAt ?? 0) > Date.now();
    const ahead = pass.read >= this.batchSize ? targets.filter((target) => untouched(pass.outcomes.get(target.projection)) && !justFailed(target)) : [];
    if (ahead.length > 0 && ahead.length < targets.length) {
      const own = await this.applyNext(ahead, this.batchSize, { isolate: true });
      progressed ||= own.progressed;
      for (const [projection, outcome] of own.outcomes) pass.outcomes.set(projection, outcome);
    }
    for (const [projection, outcome] of pass.outcomes) {
      if (outcome.owned && outcome.applied > 0) this.failing.delete(projection.name);
    }
    return progressed;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const started = Date.now();
      let progressed = false;
      try {
        progressed = await this.runOnce();
      } catch (error) {
        // Reading the checkpoints or the log failed (e.g. the database is away).
        this.options.onError?.(this.liveTargets().map((target) => target.projection.name).join(', '), error);
      }
      if (!progressed) await this.idle(signal);
      // A full page means more is waiting: go on at once. A partial one, under steady appends:
      // let more gather (appends do not cut this short).
      else if (this.lastPageRead < this.batchSize) await this.pause(this.gatherMs - (Date.now() - started), signal);
    }
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0 || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Sleeps `idleWaitMs`, or less when this process appends or the runner stops. */
  private idle(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.idleWaitMs);
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * Moves several checkpoints at once, each by compare-and-set on the value its batch started from
 * (a missing row counts as "never ran"). The caller compares the count with what it asked for.
 */
const MOVE_CHECKPOINTS = `
WITH moves AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS m(projection, expected, applied)
), updated AS (
  UPDATE projection_checkpoints c
     SET checkpoint = $4, events_applied = c.events_applied + m.applied, updated_at = now()
    FROM moves m
   WHERE c.projection = m.projection AND c.checkpoint IS NOT DISTINCT FROM m.expected
  RETURNING c.projection
), inserted AS (
  INSERT INTO projection_checkpoints (projection, checkpoint, events_applied, updated_at)
  SELECT m.projection, $4, m.applied, now() FROM moves m WHERE m.expected IS NULL
  ON CONFLICT (projection) DO NOTHING
  RETURNING projection
)
SELECT ((SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted))::int AS moved`;

/** A projection built by the database from ranges of the log (its rows need no event read here). */
function appliedByRange(target: Target): boolean {
  return target.projection.applyRange !== undefined && target.loader === undefined;
}

/** A target that had no event in the page (and was not held by another runner): it is ahead of the page. */
function untouched(outcome: BatchOutcome | undefined): boolean {
  return outcome !== undefined && outcome.owned && outcome.applied === 0;
}

/** Points the transaction's unqualified table names at a rebuild's copies (`schema`), or at the live tables. */
async function writeInto(tx: SqlExecutor, schema: string | undefined): Promise<void> {
  await tx.query(`SELECT set_config('search_path', $1, true)`, [schema ? `${schema}, public` : 'public']);
}

function liveTarget(projection: Projection): Target {
  return { projection, checkpointName: projection.name, lock: `projection:${projection.name}` };
}

class CheckpointMovedError extends Error {
  constructor() {
    super('A checkpoint moved under this batch');
  }
}

class CopiesBehindError extends Error {
  constructor() {
    super('A rebuilt copy is behind its live tables');
  }
}

export class ProjectionLagError extends Error {
  readonly code = 'PROJECTION.LAGGING';
  constructor(checkpoint: string, timeoutMs: number) {
    super(`Read models did not reach ${checkpoint} within ${timeoutMs} ms`);
    this.name = 'ProjectionLagError';
  }
}
