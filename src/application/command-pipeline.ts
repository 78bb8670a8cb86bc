import { v5 as uuidv5 } from 'uuid';
import type { Actor, Decider } from '@app/domain';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@app/event-store';

/** Namespace of the event ids derived from idempotency keys (uuid v5). Never change it. */
const EVENT_ID_NAMESPACE = '5b0f8e7c-52b4-4a55-9a1d-2c8d7f0e6a31';

const MAX_RECOMPUTATIONS = 5;

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

/** A stream folded up to `last` (none: empty), and the idempotency keys of the commands in it. */
export interface FoldedStream<State> {
  state: State;
  last: StreamPosition | undefined;
  idempotencyKeys: ReadonlySet<string>;
}

/**
 * What this process remembers of recently used streams between commands, so that a command reads
 * only the events recorded since (usually none) instead of the whole stream. Always checked
 * against the store: the events read must link by hash to the remembered last one, and the
 * append's compare-and-set on the head refuses anything decided on a stale state.
 * Least recently used streams are forgotten first.
 *
 * Also gives commands on one stream their turns: in this process they run one after the other,
 * each deciding on what the one before it recorded, instead of all deciding on the same state and
 * all but one losing the compare-and-set (a hot stream's writers would otherwise spend most of
 * their round trips on conflicts). Other processes' writers still meet the compare-and-set.
 */
export class FoldedStreams {
  private readonly entries = new Map<string, FoldedStream<unknown>>();
  /** Per stream, the end of the last turn handed out: the next one starts when it settles. */
  private readonly turns = new Map<string, Promise<void>>();

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

  /** Runs `work` once every earlier turn on `stream` in this process has ended (whatever its outcome). */
  async inTurn<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(stream);
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.turns.set(stream, ended);
    if (previous !== undefined) await previous;
    try {
      return await work();
    } finally {
      end();
      // The last turn handed out leaves nothing behind: the map holds only streams with a turn to come.
      if (this.turns.get(stream) === ended) this.turns.delete(stream);
    }
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
  return { base: { state: initialState(), last: undefined, idempotencyKeys: new Set() }, read: await store.readStream(stream) };
}

/** `base` with `read` folded onto it. */
export function foldOnto<Event, State>(
  evolve: (state: State, event: Event) => State,
  base: FoldedStream<State>,
  read: readonly RecordedEvent[],
): FoldedStream<State> {
  if (read.length === 0) return base;
  const keys = new Set(base.idempotencyKeys);
  let state = base.state;
  for (const event of read) {
    state = evolve(state, { type: event.type, data: event.data } as Event);
    keys.add(event.metadata.idempotencyKey);
  }
  const last = read[read.length - 1];
  return { state, last: { revision: last.revision, hash: last.hash, checkpoint: last.checkpoint }, idempotencyKeys: keys };
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
 */
export async function handleCommand<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
  options: PipelineOptions,
  remembered?: FoldedStreams,
): Promise<PipelineResult<State, Event>> {
  const run = () => decideAndAppend(store, decider, stream, command, context, options, remembered);
  return remembered ? remembered.inTurn(stream, run) : run();
}

async function decideAndAppend<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
  options: PipelineOptions,
  remembered: FoldedStreams | undefined,
): Promise<PipelineResult<State, Event>> {
  const toDomain = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as Event;
  const evolve = decider.evolve.bind(decider);
  // What is folded so far. A remembered stream in which this command was already recorded is not
  // used: step 2 must see the command's own events to answer a retry from them.
  const known = remembered?.get<State>(stream);
  let folded = known && !known.idempotencyKeys.has(context.idempotencyKey) ? known : undefined;
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
    const envelopes: NewEvent[] = decided.map((event, index) => ({
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

    // 6.
    let appended: AppendResult;
    try {
      appended = await store.appendToStream(stream, envelopes, {
        expectedRevision: currentRevision < 0 ? 'no_stream' : currentRevision,
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

    // The stream as a read would fold it now (the data as stored: a JSON round trip), so the next
    // command on it can decide without reading.
    remembered?.set(stream, {
      state: decided.reduce((next, event) => evolve(next, { type: event.type, data: JSON.parse(JSON.stringify(event.data)) as unknown } as Event), state),
      last: { revision: appended.nextExpectedRevision, hash: appended.headHash, checkpoint: appended.checkpoint },
      idempotencyKeys: new Set([...folded.idempotencyKeys, context.idempotencyKey]),
    });
    return {
      state: decided.reduce((next, event) => evolve(next, event), state),
      events: decided,
      checkpoint: appended.checkpoint,
      streamRevision: appended.nextExpectedRevision,
      idempotentReplay: false,
    };
  }
}
