import { hash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { Actor, Decider } from '@app/domain';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type StreamCondition,
} from '@app/event-store';

/** Namespace of the event ids derived from idempotency keys (uuid v5). Never change it. */
const EVENT_ID_NAMESPACE = '5b0f8e7c-52b4-4a55-9a1d-2c8d7f0e6a31';

const MAX_RECOMPUTATIONS = 5;

/** Commands of one stream decided and appended together in one turn, at most. */
const MAX_JOBS_PER_TURN = 64;

/** What the edge knows about the request a command comes from. */
export interface CommandContext {
  actor: Actor;
  /** ISO time the command was accepted; the only clock the domain sees. */
  now: string;
  /** Client-supplied `commandId`, or a fresh id: the same key makes a retry a no-op. */
  idempotencyKey: string;
  correlationId: string;
  causationId: string | null;
}

export interface PipelineOptions {
  /**
   * Re-read and re-decide when another writer got in first. Safe only for commands whose data
   * names the version they act on (the decider then refuses a stale one) or whose outcome does
   * not depend on what the caller saw; otherwise the caller gets the conflict.
   */
  recomputeOnConflict: boolean;
  /**
   * Other streams the decision relies on, at the revisions it saw (e.g. the actor's organization):
   * the append happens only while they are still there, else the store refuses it with
   * StreamConditionFailedError, which reaches the caller.
   */
  conditions?: readonly StreamCondition[];
}

export interface PipelineResult<State, Event> {
  /** The aggregate's state after this command (or after the original run of a retried command). */
  state: State;
  /** The events this command produced (on a replay: the ones it produced the first time). */
  events: Event[];
  /** Position to wait for before reading projections (read-your-writes). */
  checkpoint: string | undefined;
  streamRevision: number;
  idempotentReplay: boolean;
}

/** Thrown when the stream moved under a command that may not be recomputed. */
export class StreamConflictError extends Error {
  readonly code = 'STREAM.CONFLICT';
  constructor(
    readonly stream: string,
    readonly actualRevision: number,
  ) {
    super(`The ${stream.split('-')[0]} changed while the command was decided; reload and retry`);
    this.name = 'StreamConflictError';
  }
}

export function eventIdFor(idempotencyKey: string, index: number): string {
  return uuidv5(`${idempotencyKey}#${index}`, EVENT_ID_NAMESPACE);
}

/** Where a stream stood when it was folded: its last event. */
export interface StreamPosition {
  revision: number;
  hash: string;
  checkpoint: string;
}

/**
 * The idempotency keys of the commands recorded in a stream, held as 30-bit digests: a small
 * integer per key (~21 bytes of heap, measured) instead of a ~110-character string (~125 bytes:
 * ~7.5 KB for a 60-event agreement, beside its ~5 KB state, and growing with the stream). It tells
 * a new command from one that may be a retry; it never answers a retry. A new command whose key
 * shares a digest with a recorded one (60 in 2^30, one chance in ~18 million, on a 60-event stream)
 * is only taken for a possible retry: it reads its stream first, where step 2 compares every key
 * in full.
 */
export class RecordedKeys {
  private readonly digests = new Set<number>();

  add(key: string): this {
    this.digests.add(keyDigest(key));
    return this;
  }

  /** False when `key` is certainly not recorded; true when it may be. */
  mayHold(key: string): boolean {
    return this.digests.has(keyDigest(key));
  }
}

/** The first 30 bits of the key's SHA-1: a small integer (V8 keeps it unboxed in a Set). */
export function keyDigest(key: string): number {
  return Number.parseInt(hash('sha1', key).slice(0, 8), 16) >>> 2;
}

/**
 * A stream folded up to `last` (none: empty), and the idempotency keys of the commands in it. The
 * key set is shared by the entries folded from one another and grows in place (copying it for
 * every command cost time in proportion to the stream's length): an entry's set may also hold keys
 * recorded after its `last`, which only makes a command read before deciding, but never lacks the
 * key of an event folded into its state.
 */
export interface FoldedStream<State> {
  state: State;
  last: StreamPosition | undefined;
  recordedKeys: RecordedKeys;
}

/**
 * What this process remembers of recently used streams between commands, so that a command reads
 * only the events recorded since (usually none) instead of the whole stream. Always checked
 * against the store: the events read must link by hash to the remembered last one, and the
 * append's compare-and-set on the head refuses anything decided on a stale state.
 * Least recently used streams are forgotten first.
 *
 * Also gives commands on one stream their turns: in this process they run one turn after the
 * other, instead of all deciding on the same state and all but one losing the compare-and-set (a
 * hot stream's writers would otherwise spend most of their round trips on conflicts). Commands
 * that queue on a stream while a turn runs share the next turn (see `handleCommand`). Other
 * processes' writers still meet the compare-and-set.
 */
export class FoldedStreams {
  private readonly entries = new Map<string, FoldedStream<unknown>>();
  /** Per stream with a turn running, the jobs waiting for the next one. */
  private readonly queues = new Map<string, Array<{ job: unknown; run: (jobs: never[]) => Promise<void> }>>();

  constructor(private readonly capacity: number) {}

  get<State>(stream: string): FoldedStream<State> | undefined {
    const entry = this.entries.get(stream);
    if (entry === undefined) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as FoldedStream<State>;
  }

  set<State>(stream: string, entry: FoldedStream<State>): void {
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * Runs `job` in a turn of `stream`: at once when none is running, else in the next one, together
   * with the jobs queued meanwhile that have the same `run` (at most `MAX_JOBS_PER_TURN`). `run`
   * settles its jobs itself; what it throws is ignored.
   */
  enqueue<Job>(stream: string, job: Job, run: (jobs: Job[]) => Promise<void>): void {
    const entry = { job, run: run as (jobs: never[]) => Promise<void> };
    const queue = this.queues.get(stream);
    if (queue !== undefined) {
      queue.push(entry);
      return;
    }
    this.queues.set(stream, [entry]);
    void this.takeTurns(stream);
  }

  private async takeTurns(stream: string): Promise<void> {
    const queue = this.queues.get(stream)!;
    while (queue.length > 0) {
      const { run } = queue[0];
      let count = 1;
      while (count < queue.length && count < MAX_JOBS_PER_TURN && queue[count].run === run) count += 1;
      const turn = queue.splice(0, count).map((entry) => entry.job as never);
      await run(turn).catch(() => undefined);
    }
    this.queues.delete(stream);
  }
}

/**
 * The events of `stream` after `base`, or the whole stream from the initial state when `base`
 * does not hold: the first event after it must link to its last one by hash, and when the stream
 * `mustHaveGrown` (after a conflict) there must be one. Answers the base the events apply to.
 */
export async function readAfter<State>(
  store: EventStore,
  initialState: () => State,
  stream: string,
  base: FoldedStream<State> | undefined,
  mustHaveGrown: boolean,
): Promise<{ base: FoldedStream<State>; read: RecordedEvent[] }> {
  if (base?.last !== undefined) {
    const tail = await store.readStream(stream, { fromRevision: base.last.revision + 1 });
    const linked = tail.length > 0 ? tail[0].previousHash === base.last.hash : !mustHaveGrown;
    if (linked) return { base, read: tail };
  }
  return { base: { state: initialState(), last: undefined, recordedKeys: new RecordedKeys() }, read: await store.readStream(stream) };
}

/** `base` with `read` folded onto it. */
export function foldOnto<Event, State>(
  evolve: (state: State, event: Event) => State,
  base: FoldedStream<State>,
  read: readonly RecordedEvent[],
): FoldedStream<State> {
  if (read.length === 0) return base;
  const keys = base.recordedKeys;
  let state = base.state;
  for (const event of read) {
    state = evolve(state, { type: event.type, data: event.data } as Event);
    keys.add(event.metadata.idempotencyKey);
  }
  const last = read[read.length - 1];
  return { state, last: { revision: last.revision, hash: last.hash, checkpoint: last.checkpoint }, recordedKeys: keys };
}

/**
 * The one command pipeline. Every mutation goes through it:
 *   1. read the stream: only the events after those already folded (by an earlier attempt, or
 *      remembered in `remembered` from an earlier command), else all of it; nothing at all when
 *      the stream is remembered, on a first attempt (see below)
 *   2. answer a retried command from what it recorded the first time
 *   3. fold the events into state
 *   4. decide (pure; may throw a DomainError)
 *   5. wrap the new events in envelopes: derived ids, actor, correlation, causation, key
 *   6. append with the revision read in step 1 as the expected revision
 *   7. on a conflict, start over when recomputing is safe, else report it
 *
 * With `remembered`, commands on one stream take turns in this process, and a command on a
 * remembered stream first decides on what is remembered without reading: that is the stream's
 * current state unless another process has appended since, which the append's compare-and-set
 * then refuses. Only a successful append is trusted that way; a refusal of the append, a
 * rejection by the decider or a decision to record nothing sends the command back to step 1 with
 * a read, exactly as if it had read first (so such a conflict never counts against
 * `recomputeOnConflict`: the command had not seen the stream yet).
 *
 * Commands that queued on a stream while its turn ran are decided one after the other on the
 * remembered state and appended together, in one append (one compare-and-set, one commit), each
 * answered with its own events, state and revision (and the checkpoint of the whole append). Any
 * that the decider refuses or that would record nothing, and all of them when the append is
 * refused or fails, then run alone, as above.
 */
export function handleCommand<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
  options: PipelineOptions,
  remembered?: FoldedStreams,
): Promise<PipelineResult<State, Event>> {
  const request = { store, decider, stream, command, context, options };
  if (remembered === undefined) return decideAndAppend({ ...request, remembered });
  return new Promise((resolve, reject) => {
    remembered.enqueue(stream, { ...request, remembered, resolve, reject }, runTurn<Command, Event, State>);
  });
}

/** A command with what it runs against. */
interface CommandRequest<Command, Event extends { type: string; data: unknown }, State> {
  store: EventStore;
  decider: Decider<Command, Event, State>;
  stream: string;
  command: Command;
  context: CommandContext;
  options: PipelineOptions;
  remembered: FoldedStreams | undefined;
}

/** A command waiting for its stream's turn, with what answers its caller. */
interface CommandJob<Command, Event extends { type: string; data: unknown }, State> extends CommandRequest<Command, Event, State> {
  remembered: FoldedStreams;
  resolve: (result: PipelineResult<State, Event>) => void;
  reject: (error: unknown) => void;
}

/** One turn of a stream: its queued commands, together where they can be, the rest one by one. */
async function runTurn<Command, Event extends { type: string; data: unknown }, State>(jobs: Array<CommandJob<Command, Event, State>>): Promise<void> {
  const alone = jobs.length > 1 ? await decideTogether(jobs) : jobs;
  for (const job of alone) {
    try {
      job.resolve(await decideAndAppend(job));
    } catch (error) {
      job.reject(error);
    }
  }
}

/**
 * Decides the jobs one after the other on the remembered state and appends all their events at
 * once. Answers the jobs it did not settle: all of them when there is no remembered state to
 * decide on, fewer than two jobs to record, or the append did not go through.
 */
async function decideTogether<Command, Event extends { type: string; data: unknown }, State>(
  jobs: Array<CommandJob<Command, Event, State>>,
): Promise<Array<CommandJob<Command, Event, State>>> {
  const [{ store, decider, stream, remembered }] = jobs;
  const known = remembered.get<State>(stream);
  if (known?.last === undefined || jobs.some((job) => job.store !== store || job.decider !== decider)) return jobs;
  const evolve = decider.evolve.bind(decider);
  let state = known.state;
  const keysOfTurn = new Set<string>();
  const decided: Array<{ job: CommandJob<Command, Event, State>; events: Event[]; after: State }> = [];
  const later: Array<CommandJob<Command, Event, State>> = [];
  for (const job of jobs) {
    let events: Event[] = [];
    try {
      // A command already recorded is answered from its record, alone.
      const key = job.context.idempotencyKey;
      if (!known.recordedKeys.mayHold(key) && !keysOfTurn.has(key)) events = decider.decide(job.command, state);
    } catch {
      // Refused on a state no read has confirmed: decided again alone, after a read if need be.
    }
    if (events.length === 0) {
      later.push(job);
      continue;
    }
    state = events.reduce((next, event) => evolve(next, storedForm(event)), state);
    decided.push({ job, events, after: state });
    keysOfTurn.add(job.context.idempotencyKey);
  }
  if (decided.length < 2) return jobs;
  const conditions = conditionsOfAll(decided.map(({ job }) => job.options.conditions ?? []));
  if (conditions === null) return jobs;

  let appended: AppendResult;
  try {
    appended = await store.appendToStream(
      stream,
      decided.flatMap(({ job, events }) => envelopesFor(events, job.context)),
      { expectedRevision: known.last.revision, conditions },
    );
  } catch {
    return jobs; // moved by another process, or failed: each decides again alone and meets its own outcome
  }
  if (appended.idempotentReplay) return jobs;

  for (const key of keysOfTurn) known.recordedKeys.add(key);
  remembered.set(stream, {
    state,
    last: { revision: appended.nextExpectedRevision, hash: appended.headHash, checkpoint: appended.checkpoint },
    recordedKeys: known.recordedKeys,
  });
  let revision = known.last.revision;
  for (const { job, events, after } of decided) {
    revision += events.length;
    job.resolve({
      state: after,
      events,
      checkpoint: appended.checkpoint,
      streamRevision: revision,
      idempotentReplay: false,
    });
  }
  return later;
}

/** The conditions of several commands appended together; null when two name one stream at different revisions. */
function conditionsOfAll(lists: ReadonlyArray<readonly StreamCondition[]>): StreamCondition[] | null {
  const byStream = new Map<string, number>();
  for (const condition of lists.flat()) {
    const seen = byStream.get(condition.stream);
    if (seen !== undefined && seen !== condition.revision) return null;
    byStream.set(condition.stream, condition.revision);
  }
  return [...byStream].map(([stream, revision]) => ({ stream, revision }));
}

/** An event as a read gives it back: the data after its JSON round trip through the store. */
function storedForm<Event extends { type: string; data: unknown }>(event: Event): Event {
  return { type: event.type, data: JSON.parse(JSON.stringify(event.data)) as unknown } as Event;
}

/** Step 5: the envelopes of a command's events (ids derived from its idempotency key). */
function envelopesFor(events: ReadonlyArray<{ type: string; data: unknown }>, context: CommandContext): NewEvent[] {
  return events.map((event, index) => ({
    eventId: eventIdFor(context.idempotencyKey, index),
    type: event.type,
    data: event.data,
    schemaVersion: 1,
    occurredAt: context.now,
    metadata: {
      actor: { subject: context.actor.subject, organizationId: context.actor.organizationId, roles: [...context.actor.roles] },
      correlationId: context.correlationId,
      causationId: context.causationId,
      idempotencyKey: context.idempotencyKey,
    },
  }));
}

/** Steps 1-7 for one command, alone. */
async function decideAndAppend<Command, Event extends { type: string; data: unknown }, State>({
  store,
  decider,
  stream,
  command,
  context,
  options,
  remembered,
}: CommandRequest<Command, Event, State>): Promise<PipelineResult<State, Event>> {
  const toDomain = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as Event;
  const evolve = decider.evolve.bind(decider);
  // What is folded so far. A remembered stream in which this command may already be recorded is
  // not used: step 2 must see the command's own events to answer a retry from them.
  const known = remembered?.get<State>(stream);
  let folded = known && !known.recordedKeys.mayHold(context.idempotencyKey) ? known : undefined;
  let unread = folded?.last !== undefined;
  // After a conflict or a concurrent replay the stream has grown: the tail cannot be empty.
  let mustHaveGrown = false;
  for (let attempt = 1; ; ) {
    // 1.
    const { base, read } = unread && folded ? { base: folded, read: [] } : await readAfter(store, () => decider.initialState(), stream, folded, mustHaveGrown);

    // 2. Only what was just read can hold this command's events (the base does not, see above).
    const earlier = read.filter((event) => event.metadata.idempotencyKey === context.idempotencyKey);
    if (earlier.length > 0) {
      const original = earlier[earlier.length - 1];
      return {
        state: foldOnto(evolve, base, read.slice(0, read.indexOf(original) + 1)).state,
        events: earlier.map(toDomain),
        checkpoint: original.checkpoint,
        streamRevision: original.revision,
        idempotentReplay: true,
      };
    }

    // 3.
    folded = foldOnto(evolve, base, read);
    remembered?.set(stream, folded);
    const state = folded.state;
    const last = folded.last;
    const currentRevision = last === undefined ? -1 : last.revision;

    // 4. Decided without a read, a refusal or a no-op may come from a stale state: read, decide again.
    let decided: Event[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (!unread) throw error;
      unread = false;
      continue;
    }
    if (decided.length === 0) {
      if (unread) {
        unread = false;
        continue;
      }
      return { state, events: [], checkpoint: last?.checkpoint, streamRevision: currentRevision, idempotentReplay: false };
    }

    // 5.
    const envelopes = envelopesFor(decided, context);

    // 6.
    let appended: AppendResult;
    try {
      appended = await store.appendToStream(stream, envelopes, {
        expectedRevision: currentRevision < 0 ? 'no_stream' : currentRevision,
        conditions: options.conditions,
      });
    } catch (error) {
      // 7.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      mustHaveGrown = true;
      if (unread) {
        unread = false;
        continue;
      }
      attempt += 1;
      if (options.recomputeOnConflict && attempt <= MAX_RECOMPUTATIONS) continue;
      throw new StreamConflictError(stream, error.actualRevision);
    }
    if (appended.idempotentReplay) {
      // A concurrent retry of the same command won: answer from its record.
      mustHaveGrown = true;
      unread = false;
      continue;
    }

    // The state as a read would fold it now (the data as stored: a JSON round trip), answered and
    // remembered, so the next command on the stream can decide without reading.
    const after = decided.reduce((next, event) => evolve(next, storedForm(event)), state);
    remembered?.set(stream, {
      state: after,
      last: { revision: appended.nextExpectedRevision, hash: appended.headHash, checkpoint: appended.checkpoint },
      recordedKeys: folded.recordedKeys.add(context.idempotencyKey),
    });
    return {
      state: after,
      events: decided,
      checkpoint: appended.checkpoint,
      streamRevision: appended.nextExpectedRevision,
      idempotentReplay: false,
    };
  }
}
