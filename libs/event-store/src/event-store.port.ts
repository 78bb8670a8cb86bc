/**
 * The event store port. Adapters: PostgreSQL (also on embedded PGlite) and, later, KurrentDB.
 * Every adapter must pass `test/event-store.contract.ts`.
 */

/** Which state the stream must be in for an append to be accepted. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/** Who caused an event: the person, the organization they act for, and their realm roles. */
export interface EventActor {
  subject: string;
  organizationId: string;
  roles: string[];
}

/** Recorded with every event; part of the hashed content. */
export interface EventMetadata {
  actor: EventActor;
  correlationId: string;
  causationId: string | null;
  /** The command's idempotency key; event ids are derived from it. */
  idempotencyKey: string;
}

/** An event as the application hands it to the store. */
export interface NewEvent<Data = unknown> {
  /** Deterministic id (derived from the command's idempotency key) so a retry appends nothing twice. */
  eventId: string;
  type: string;
  schemaVersion?: number;
  data: Data;
  metadata: EventMetadata;
  /** ISO time of the decision, from the command (the domain never reads a clock). */
  occurredAt: string;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Data = unknown> {
  eventId: string;
  stream: string;
  /** 0-based position inside its stream. */
  revision: number;
  /** Store-wide position (commit order is given by `checkpoint`, not by this number). */
  globalPosition: number;
  /** Opaque resume token for `readAll({ after })`. */
  checkpoint: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt: string;
  recordedAt: string;
  previousHash: string | null;
  hash: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Hash of that event: with the revision, what a reader needs to check that later events link to it. */
  headHash: string;
  /** Opaque position of the last appended event, usable to wait for projections. */
  checkpoint: string;
  globalPosition: number;
  /** True when every event was already recorded by an earlier attempt of the same command. */
  idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  toRevision?: number;
  /** Only events recorded at or before this ISO time. */
  until?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this checkpoint. Omitted = from the start. */
  after?: string;
  limit?: number;
  /** Only events of these types; the others are skipped (and a page that did not fill up resumes after them). */
  types?: string[];
  /**
   * Envelopes only: each event's `data` is null (neither read nor upcast; `schemaVersion` as
   * stored), for readers that do not look at payloads (the audit log), which are most of a log's bytes.
   */
  withoutData?: boolean;
  /**
   * Without metadata: each event's `metadata` is null (not read), for readers that never look at
   * it (read models rebuilt from scratch): a fifth of a typical event's bytes, and of the objects a
   * reader parses.
   */
  withoutMetadata?: boolean;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /**
   * Resume point: pass as `after` to continue. Equals the input when nothing new is visible. With
   * `types`, a page that did not fill up resumes past every event visible when it was read (the
   * events of other types after its last one included), so it may lie past its last event.
   */
  checkpoint: string | undefined;
}

/** Where a page of `readAll` ends, told without reading its events (`EventStore.readPageEnd`). */
export interface PageEnd {
  /** How many events the page holds. */
  events: number;
  /** Its resume point: what `ReadAllResult.checkpoint` would be. */
  checkpoint: string | undefined;
}

export interface SubscribeOptions extends Omit<ReadAllOptions, 'limit'> {
  batchSize?: number;
  signal?: AbortSignal;
}

export interface StreamHead {
  revision: number;
  hash: string;
}

export interface ChainVerification {
  intact: boolean;
  eventCount: number;
  headHash: string | null;
  /** The first revision whose content, hash link or position does not verify. */
  firstBrokenRevision: number | null;
  reason: string | null;
}

/**
 * A stream an append relies on without writing to it (e.g. the organization whose standing a
 * command was decided on): the append happens only while that stream is still at `revision`
 * (-1: it does not exist). Checked when the append commits, on the state it commits against.
 */
export interface StreamCondition {
  stream: string;
  revision: number;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  /** Other streams that must still be at these revisions; none by default. */
  conditions?: readonly StreamCondition[];
}

export interface EventStore {
  /**
   * Appends atomically, hash-chained to the stream's head.
   * @throws WrongExpectedRevisionError carrying the actual revision when the expectation fails.
   * @throws StreamConditionFailedError when the stream is as expected but a condition's stream moved
   *   (nothing is appended). A retry of an append already recorded is answered from its record first.
   */
  appendToStream(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;

  /** Events of one stream in revision order, upcast to their latest schema. Empty for an unknown stream. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Events of all streams in commit order. Never skips an event that a still-open
   * transaction will commit later: only events below the oldest open transaction are visible.
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;

  /**
   * Where `readAll(options)` would end and how many events its page would hold, without reading
   * them (payloads, envelopes and all stay in the store). Optional: for a store whose log lives in
   * the read models' database, where a projection may apply a range of the log by itself
   * (`Projection.applyRange`) and a rebuild then needs only the ranges' ends.
   */
  readPageEnd?(options?: Omit<ReadAllOptions, 'withoutData' | 'withoutMetadata'>): Promise<PageEnd>;

  /**
   * Calls `listener` after each append this process commits, so local consumers (the projection
   * runner) can wake at once instead of waiting for their next poll; appends of other processes
   * are found by polling. Returns the function that removes the listener. Optional: a store
   * without it is simply polled.
   */
  onAppended?(listener: () => void): () => void;

  /** Catch-up then live: yields batches until the signal aborts. */
  subscribe(options?: SubscribeOptions): AsyncIterable<ReadAllResult>;

  /** Recomputes the stream's hash chain from stored rows. */
  verifyStream(stream: string): Promise<ChainVerification>;

  /** The checkpoint of the newest visible event (for read-your-writes waits). */
  headCheckpoint(): Promise<string | undefined>;

  /** Compares two opaque checkpoints of this store: negative, zero or positive. */
  compareCheckpoints(a: string, b: string): number;

  /** Liveness of the underlying storage. */
  ping(): Promise<void>;
}

/** Nest injection token for the port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
