import { EventEmitter } from 'node:events';
import { compareCheckpoints, decodeCheckpoint, encodeCheckpoint } from '../checkpoint.js';
import { canonicalJson, hashEventOfCanonical, verifyChain, type StoredChainLink } from '../event-hash.js';
import { IdempotencyKeyReusedError, StreamConditionFailedError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type {
  AppendOptions,
  AppendResult,
  ChainVerification,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  PageEnd,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamCondition,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port.js';
import type { SqlDatabase, SqlExecutor } from '../sql/sql-database.js';
import { UpcasterRegistry } from '../upcasters.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import {
  APPEND_ONE_TO_EXISTING_STREAM,
  APPEND_ONE_TO_NEW_STREAM,
  APPEND_TO_EXISTING_STREAM,
  APPEND_TO_NEW_STREAM,
  APPEND_TO_SEVERAL_STREAMS,
  LOCK_HEAD,
  readAllOfTypesWithout,
  readAllWithout,
  READ_HEAD,
  READ_HEAD_CHECKPOINT,
  READ_PAGE_END,
  READ_PAGE_END_OF_TYPES,
  type PageEndRow,
  READ_REVISIONS,
  READ_STREAM,
  READ_STREAM_FOR_VERIFICATION,
  RESOLVE_REFUSED_APPEND,
  type EventRow,
  type LeftOut,
  type RecordedIdRow,
  type RefusedAppendRow,
} from './postgres-event-store.sql.js';

export interface PostgresEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** How often a live subscription looks for events committed by other processes. */
  pollIntervalMs?: number;
  /** How many stream heads to remember so that an append after a read takes one round trip. */
  headCacheSize?: number;
  /**
   * Concurrent appends with an exact expectation are committed in groups (see GroupCommit). Default:
   * 2 writes in flight (one being committed while the next group gathers), up to 64 appends each.
   */
  groupCommit?: Partial<GroupCommitOptions>;
}

const UNIQUE_VIOLATION = '23505';

/** An event hashed onto its stream, its data and metadata as the canonical JSON stored. */
interface PreparedEvent extends Omit<StoredChainLink, 'data' | 'metadata'> {
  dataJson: string;
  metadataJson: string;
}

/** An append ready to write: its events hashed onto the head it expects (null: a new stream), and its conditions. */
interface PreparedAppend {
  stream: string;
  events: PreparedEvent[];
  head: StreamHead | null;
  conditions: readonly StreamCondition[];
}

/** Where the last event of an append was recorded; null when the append's head condition failed. */
type WrittenAt = { global_position: string; transaction_id: string } | null;

/** A stream read and a verification read every part of each event. */
const NOTHING_LEFT_OUT: LeftOut = { data: false, metadata: false };

/**
 * The event store on PostgreSQL, and on PGlite for the embedded default: same SQL, same guarantees.
 */
export class PostgresEventStore implements EventStore {
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly headCacheSize: number;
  private readonly heads = new Map<string, StreamHead>();
  private readonly appended = new EventEmitter();
  private readonly groupCommit: GroupCommit<PreparedAppend, WrittenAt>;

  constructor(
    private readonly database: SqlDatabase,
    options: PostgresEventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.headCacheSize = options.headCacheSize ?? 10_000;
    this.appended.setMaxListeners(0);
    this.groupCommit = new GroupCommit(
      { writeOne: (append) => this.write(this.database, append), writeMany: (appends) => this.writeSeveral(appends) },
      { maxInFlight: options.groupCommit?.maxInFlight ?? 2, maxBatchSize: options.groupCommit?.maxBatchSize ?? 64 },
    );
    // Hot, and planned the same whatever the values: parsed and planned once per connection.
    database.prepare?.([
      APPEND_ONE_TO_EXISTING_STREAM,
      APPEND_ONE_TO_NEW_STREAM,
      APPEND_TO_EXISTING_STREAM,
      APPEND_TO_NEW_STREAM,
      APPEND_TO_SEVERAL_STREAMS,
      RESOLVE_REFUSED_APPEND,
      READ_HEAD,
      LOCK_HEAD,
      READ_STREAM,
      ...readAllWithout.all,
    ]);
  }

  async appendToStream(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    const { expectedRevision } = options;
    const conditions = options.conditions ?? [];
    for (const condition of conditions) {
      if (condition.stream === stream || !Number.isInteger(condition.revision) || condition.revision < -1) {
        throw new RangeError(`Not a condition of an append to ${stream}: ${JSON.stringify(condition)}`);
      }
    }
    try {
      const appended =
        typeof expectedRevision === 'number' || expectedRevision === 'no_stream'
          ? await this.appendExpectingExactHead(stream, events, expectedRevision, conditions)
          : await this.appendAfterLockingHead(stream, events, expectedRevision, conditions);
      if (appended) return appended;
    } catch (error) {
      // An event id recorded before (a retry) or a stream created concurrently under our feet.
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    }
    this.heads.delete(stream);
    return this.resolveRefusedAppend(stream, events, expectedRevision, conditions);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.database.query<EventRow>(READ_STREAM, [
      stream,
      options.fromRevision ?? 0,
      options.toRevision ?? null,
      options.until ?? null,
    ]);
    const events = rows.map((row) => this.toRecorded(row));
    const readToTheEnd = options.toRevision === undefined && options.until === undefined && events.length > 0;
    if (readToTheEnd) {
      const last = events[events.length - 1];
      this.remember(stream, { revision: last.revision, hash: last.hash });
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ? decodeCheckpoint(options.after) : { transactionId: 0n, position: 0n };
    const limit = options.limit ?? 1_000;
    const leftOut: LeftOut = { data: options.withoutData === true, metadata: options.withoutMetadata === true };
    if (options.types && options.types.length > 0) return this.readAllOfTypes(options.types, after, limit, options.after, leftOut);
    const { rows } = await this.database.query<EventRow>(readAllWithout(leftOut), [after.transactionId.toString(), after.position.toString(), limit]);
    const events = rows.map((row) => this.toRecorded(row, leftOut));
    return { events, checkpoint: events.length > 0 ? events[events.length - 1].checkpoint : options.after };
  }

  async readPageEnd(options: Omit<ReadAllOptions, 'withoutData' | 'withoutMetadata'> = {}): Promise<PageEnd> {
    const after = options.after ? decodeCheckpoint(options.after) : { transactionId: 0n, position: 0n };
    const limit = options.limit ?? 1_000;
    const ofTypes = options.types !== undefined && options.types.length > 0;
    const parameters: unknown[] = [after.transactionId.toString(), after.position.toString(), limit];
    const { rows } = await this.database.query<PageEndRow>(ofTypes ? READ_PAGE_END_OF_TYPES : READ_PAGE_END, ofTypes ? [...parameters, options.types] : parameters);
    const [{ events, last_transaction_id, last_global_position, head_transaction_id, head_global_position }] = rows;
    const last = last_transaction_id === null ? undefined : encodeCheckpoint({ transactionId: BigInt(last_transaction_id), position: BigInt(last_global_position!) });
    // As readAll: a full page ends at its last event; a filtered one that did not fill up, at the head.
    if (!ofTypes || events >= limit) return { events, checkpoint: last ?? options.after };
    const head = head_transaction_id === null ? undefined : encodeCheckpoint({ transactionId: BigInt(head_transaction_id), position: BigInt(head_global_position!) });
    const headIsAhead = head !== undefined && (options.after === undefined || compareCheckpoints(head, options.after) > 0);
    return { events, checkpoint: headIsAhead ? head : options.after };
  }

  /** A page of some types; when it did not fill up, it has read up to the visible head and resumes from there. */
  private async readAllOfTypes(
    types: readonly string[],
    after: { transactionId: bigint; position: bigint },
    limit: number,
    afterCheckpoint: string | undefined,
    leftOut: LeftOut,
  ): Promise<ReadAllResult> {
    const statement = readAllOfTypesWithout(leftOut);
    const { rows } = await this.database.query<EventRow & { head_transaction_id: string; head_global_position: string }>(statement, [
      after.transactionId.toString(),
      after.position.toString(),
      limit,
      types,
    ]);
    const events = rows
      .filter((row) => row.event_id !== null)
      .sort(inCommitOrder)
      .map((row) => this.toRecorded(row, leftOut));
    if (events.length >= limit) return { events, checkpoint: events[events.length - 1].checkpoint };
    // No row at all: the log is empty.
    const head = rows[0] && encodeCheckpoint({ transactionId: BigInt(rows[0].head_transaction_id), position: BigInt(rows[0].head_global_position) });
    const headIsAhead = head !== undefined && (afterCheckpoint === undefined || compareCheckpoints(head, afterCheckpoint) > 0);
    return { events, checkpoint: headIsAhead ? head : afterCheckpoint };
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<ReadAllResult> {
    let after = options.after;
    const { signal } = options;
    for (;;) {
      if (signal?.aborted) return;
      const batch = await this.readAll({ after, limit: options.batchSize ?? 500, types: options.types, withoutData: options.withoutData });
      // Also when empty: a filtered read may have moved past events of other types.
      after = batch.checkpoint;
      if (batch.events.length > 0) {
        yield batch;
        continue;
      }
      await this.waitForAppendOrPoll(signal);
    }
  }

  async verifyStream(stream: string): Promise<ChainVerification> {
    const [{ rows }, head] = await Promise.all([
      this.database.query<EventRow>(READ_STREAM_FOR_VERIFICATION, [stream]),
      this.readHead(stream),
    ]);
    const links: StoredChainLink[] = rows.map((row) => ({
      eventId: row.event_id,
      stream: row.stream_id,
      revision: Number(row.revision),
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata as EventMetadata,
      occurredAt: row.occurred_at,
      previousHash: row.previous_hash,
      hash: row.hash,
    }));
    return verifyChain(links, head);
  }

  async headCheckpoint(): Promise<string | undefined> {
    const { rows } = await this.database.query<{ transaction_id: string; global_position: string }>(READ_HEAD_CHECKPOINT);
    if (rows.length === 0) return undefined;
    return encodeCheckpoint({ transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].global_position) });
  }

  compareCheckpoints(a: string, b: string): number {
    return compareCheckpoints(a, b);
  }

  async ping(): Promise<void> {
    await this.database.query('SELECT 1');
  }

  /**
   * Exact expectation: one round trip, a compare-and-set on the head. The head comes from the
   * cache when the caller has just read the stream (the command pipeline always has).
   */
  private async appendExpectingExactHead(
    stream: string,
    events: NewEvent[],
    expected: number | 'no_stream',
    conditions: readonly StreamCondition[],
  ): Promise<AppendResult | null> {
    const cached = this.heads.get(stream);
    const head = expected === 'no_stream' ? null : cached?.revision === expected ? cached : await this.readHead(stream);
    if (!this.satisfies(head, expected)) return null;
    const prepared = this.prepare(stream, events, head);
    const append = { stream, events: prepared, head, conditions };
    // The grouped statement carries one condition per append; an append with more is written alone.
    const writtenAt = conditions.length > 1 ? await this.write(this.database, append) : await this.groupCommit.submit(append);
    return writtenAt === null ? null : this.recorded(stream, prepared, writtenAt);
  }

  /**
   * `any` / `stream_exists`: whatever the head is, append after it. Waiting on the stream's row lock
   * serializes concurrent writers instead of letting them retry against each other.
   */
  private async appendAfterLockingHead(
    stream: string,
    events: NewEvent[],
    expected: 'any' | 'stream_exists',
    conditions: readonly StreamCondition[],
  ): Promise<AppendResult | null> {
    return this.database.transaction(async (tx) => {
      for (;;) {
        const { rows } = await tx.query<{ revision: string; head_hash: string }>(LOCK_HEAD, [stream]);
        const head = rows.length === 0 ? null : { revision: Number(rows[0].revision), hash: rows[0].head_hash };
        if (!this.satisfies(head, expected)) return null;
        const appended = await this.writeBatch(tx, { stream, events: this.prepare(stream, events, head), head, conditions });
        if (appended) return appended;
        // Nothing written: a condition failed (resolved by the caller), or another writer created
        // the stream first (its row is committed now, so lock it).
        if (conditions.length > 0 && !(await this.conditionsHold(tx, conditions))) return null;
      }
    });
  }

  /** Runs the conditional append; null when the head condition or another condition matched nothing. */
  private async writeBatch(executor: SqlExecutor, append: PreparedAppend): Promise<AppendResult | null> {
    const writtenAt = await this.write(executor, append);
    return writtenAt === null ? null : this.recorded(append.stream, append.events, writtenAt);
  }

  private async conditionsHold(executor: SqlExecutor, conditions: readonly StreamCondition[]): Promise<boolean> {
    return (await this.conditionsFailed(executor, conditions)).length === 0;
  }

  /** The conditions that do not hold now, each with the revision found. */
  private async conditionsFailed(executor: SqlExecutor, conditions: readonly StreamCondition[]): Promise<Array<StreamCondition & { actualRevision: number }>> {
    const { rows } = await executor.query<{ stream_id: string; revision: string }>(READ_REVISIONS, [conditions.map((condition) => condition.stream)]);
    const found = new Map(rows.map((row) => [row.stream_id, Number(row.revision)]));
    return conditions
      .map((condition) => ({ ...condition, actualRevision: found.get(condition.stream) ?? -1 }))
      .filter((condition) => condition.actualRevision !== condition.revision);
  }

  /** An append that was written: its head is remembered and local consumers are woken. */
  private recorded(stream: string, prepared: PreparedEvent[], writtenAt: NonNullable<WrittenAt>): AppendResult {
    const last = prepared[prepared.length - 1];
    this.remember(stream, { revision: last.revision, hash: last.hash });
    this.appended.emit('appended');
    return {
      nextExpectedRevision: last.revision,
      headHash: last.hash,
      globalPosition: Number(writtenAt.global_position),
      checkpoint: encodeCheckpoint({ transactionId: BigInt(writtenAt.transaction_id), position: BigInt(writtenAt.global_position) }),
      idempotentReplay: false,
    };
  }

  private write(executor: SqlExecutor, append: PreparedAppend): Promise<WrittenAt> {
    return append.events.length === 1 ? this.insertOne(executor, append) : this.insertMany(executor, append);
  }

  /**
   * Appends to distinct streams in one statement. Sent in stream order, so that two processes
   * writing overlapping groups tend to lock the heads in the same order (a deadlock between them
   * fails the statement, and each append is then written on its own).
   */
  private async writeSeveral(appends: PreparedAppend[]): Promise<WrittenAt[]> {
    const order = appends.map((_, index) => index).sort((a, b) => (appends[a].stream < appends[b].stream ? -1 : 1));
    const sorted = order.map((index) => appends[index]);
    const events = sorted.flatMap((append, index) => append.events.map((event) => ({ appendIndex: index + 1, event })));
    const { rows } = await this.database.query<{ append_index: number; global_position: string; transaction_id: string }>(APPEND_TO_SEVERAL_STREAMS, [
      sorted.map((append) => append.stream),
      sorted.map((append) => (append.head ? append.head.revision : null)),
      sorted.map((append) => (append.head ? append.head.hash : null)),
      sorted.map((append) => append.events[append.events.length - 1].revision),
      sorted.map((append) => append.events[append.events.length - 1].hash),
      events.map(({ appendIndex }) => appendIndex),
      events.map(({ event }) => event.eventId),
      events.map(({ event }) => event.revision),
      events.map(({ event }) => event.type),
      events.map(({ event }) => event.schemaVersion),
      events.map(({ event }) => event.dataJson),
      events.map(({ event }) => event.metadataJson),
      events.map(({ event }) => event.occurredAt),
      events.map(({ event }) => event.previousHash),
      events.map(({ event }) => event.hash),
      sorted.map((append) => append.conditions[0]?.stream ?? null),
      sorted.map((append) => append.conditions[0]?.revision ?? null),
    ]);
    const written = new Map(rows.map((row) => [row.append_index, { global_position: row.global_position, transaction_id: row.transaction_id }]));
    const sortedIndexOf = new Map(order.map((original, index) => [original, index + 1]));
    return appends.map((_, original) => written.get(sortedIndexOf.get(original)!) ?? null);
  }

  private async insertOne(executor: SqlExecutor, { stream, events: [event], head, conditions }: PreparedAppend): Promise<WrittenAt> {
    const { rows } = await executor.query<{ global_position: string; transaction_id: string }>(
      head ? APPEND_ONE_TO_EXISTING_STREAM : APPEND_ONE_TO_NEW_STREAM,
      [
        stream,
        head ? head.revision : null,
        head ? head.hash : null,
        event.revision,
        event.eventId,
        event.type,
        event.schemaVersion,
        event.dataJson,
        event.metadataJson,
        event.occurredAt,
        event.previousHash,
        event.hash,
        conditions.map((condition) => condition.stream),
        conditions.map((condition) => condition.revision),
      ],
    );
    return rows.length === 1 ? rows[0] : null;
  }

  private async insertMany(executor: SqlExecutor, { stream, events: prepared, head, conditions }: PreparedAppend): Promise<WrittenAt> {
    const { rows } = await executor.query<{ appended_count: number; global_position: string | null; transaction_id: string | null }>(
      head ? APPEND_TO_EXISTING_STREAM : APPEND_TO_NEW_STREAM,
      [
        stream,
        head ? head.revision : null,
        head ? head.hash : null,
        prepared[prepared.length - 1].revision,
        prepared.map((event) => event.eventId),
        prepared.map((event) => event.revision),
        prepared.map((event) => event.type),
        prepared.map((event) => event.schemaVersion),
        prepared.map((event) => event.dataJson),
        prepared.map((event) => event.metadataJson),
        prepared.map((event) => event.occurredAt),
        prepared.map((event) => event.previousHash),
        prepared.map((event) => event.hash),
        conditions.map((condition) => condition.stream),
        conditions.map((condition) => condition.revision),
      ],
    );
    const row = rows[0];
    if (row.appended_count !== prepared.length || row.global_position === null || row.transaction_id === null) return null;
    return { global_position: row.global_position, transaction_id: row.transaction_id };
  }

  private async readHead(stream: string): Promise<StreamHead | null> {
    const { rows } = await this.database.query<{ revision: string; head_hash: string }>(READ_HEAD, [stream]);
    return rows.length === 0 ? null : { revision: Number(rows[0].revision), hash: rows[0].head_hash };
  }

  private satisfies(head: StreamHead | null, expected: ExpectedRevision): boolean {
    if (expected === 'any') return true;
    if (expected === 'no_stream') return head === null;
    if (expected === 'stream_exists') return head !== null;
    return head !== null && head.revision === expected;
  }

  private prepare(stream: string, events: NewEvent[], head: StreamHead | null): PreparedEvent[] {
    let previousHash = head ? head.hash : null;
    let revision = head ? head.revision : -1;
    return events.map((event) => {
      revision += 1;
      const occurredAt = new Date(event.occurredAt);
      if (Number.isNaN(occurredAt.getTime())) throw new RangeError(`Event ${event.type} has an invalid occurredAt`);
      // Serialized once, canonically: the text is stored, its parse (no `undefined`, dates as
      // strings) is exactly what jsonb gives back, and it is what the hash covers of each.
      const dataJson = canonicalJson(event.data);
      const metadataJson = canonicalJson(event.metadata);
      const envelope = {
        eventId: event.eventId.toLowerCase(),
        stream,
        revision,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        occurredAt: occurredAt.toISOString(),
        previousHash,
      };
      const hash = hashEventOfCanonical(envelope, dataJson, metadataJson);
      previousHash = hash;
      return { ...envelope, hash, dataJson, metadataJson };
    });
  }

  /**
   * The append wrote nothing. If every event id is already recorded, this is a retry of a command
   * that succeeded: answer what it produced. Otherwise it is a genuine conflict. One statement
   * answers both, and the head it read is remembered, so a caller that re-reads the stream and
   * retries appends in one round trip (the compare-and-set still checks the hash, so a head that
   * is stale by then costs a conflict, never a fork).
   */
  private async resolveRefusedAppend(
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    conditions: readonly StreamCondition[],
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.eventId.toLowerCase());
    const { rows } = await this.database.query<RefusedAppendRow>(RESOLVE_REFUSED_APPEND, [ids, stream]);
    const { head_revision: headRevision, head_hash: headHash } = rows[0];
    if (headRevision !== null && headHash !== null) this.remember(stream, { revision: Number(headRevision), hash: headHash });
    const recorded = rows.filter((row): row is RecordedIdRow & RefusedAppendRow => row.event_id !== null);
    if (recorded.length > 0) {
      const matches =
        recorded.length === events.length &&
        recorded.every((row, index) => row.stream_id === stream && row.event_id === ids[index] && row.type === events[index].type);
      if (!matches) throw new IdempotencyKeyReusedError(recorded[0].event_id);
      const last = recorded[recorded.length - 1];
      return {
        nextExpectedRevision: Number(last.revision),
        headHash: last.hash,
        globalPosition: Number(last.global_position),
        checkpoint: encodeCheckpoint({ transactionId: BigInt(last.transaction_id), position: BigInt(last.global_position) }),
        idempotentReplay: true,
      };
    }
    const head = headRevision === null || headHash === null ? null : { revision: Number(headRevision), hash: headHash };
    // Heads only move forward: a head that meets the expectation now met it then, so a condition refused the append.
    if (conditions.length > 0 && this.satisfies(head, expected)) {
      const failed = await this.conditionsFailed(this.database, conditions);
      throw new StreamConditionFailedError(stream, failed.length > 0 ? failed : conditions.map((condition) => ({ ...condition, actualRevision: condition.revision })));
    }
    throw new WrongExpectedRevisionError(stream, expected, head === null ? -1 : head.revision);
  }

  private toRecorded(row: EventRow, leftOut: LeftOut = NOTHING_LEFT_OUT): RecordedEvent {
    const { schemaVersion, data } = leftOut.data ? { schemaVersion: row.schema_version, data: null } : this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      stream: row.stream_id,
      revision: Number(row.revision),
      globalPosition: Number(row.global_position),
      checkpoint: encodeCheckpoint({ transactionId: BigInt(row.transaction_id), position: BigInt(row.global_position) }),
      type: row.type,
      schemaVersion,
      data,
      // Null when not read (as `data`): the reader said it never looks at it.
      metadata: row.metadata as EventMetadata,
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
      previousHash: row.previous_hash,
      hash: row.hash,
    };
  }

  private remember(stream: string, head: StreamHead): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > this.headCacheSize) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  private waitForAppendOrPoll(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.once('appended', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** Commit order of two rows: transaction id, then global position (decimal strings of unsigned integers). */
function inCommitOrder(a: EventRow, b: EventRow): number {
  return compareUnsigned(a.transaction_id, b.transaction_id) || compareUnsigned(a.global_position, b.global_position);
}

function compareUnsigned(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
