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

/**
 * The one command pipeline. Every mutation goes through it:
 *   1. read the stream (on a retry, only the events after those already folded)
 *   2. answer a retried command from what it recorded the first time
 *   3. fold the events into state
 *   4. decide (pure; may throw a DomainError)
 *   5. wrap the new events in envelopes: derived ids, actor, correlation, causation, key
 *   6. append with the revision read in step 1 as the expected revision
 *   7. on a conflict, start over when recomputing is safe, else report it
 */
export async function handleCommand<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
  options: PipelineOptions,
): Promise<PipelineResult<State, Event>> {
  const toDomain = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as Event;
  const foldOnto = (state: State, events: readonly RecordedEvent[]) =>
    events.reduce((next, event) => decider.evolve(next, toDomain(event)), state);
  // What earlier attempts read: the state folded from it and its last event. None of it was
  // recorded by this command (step 2 checked it).
  let folded = decider.initialState();
  let last: RecordedEvent | undefined;
  for (let attempt = 1; ; attempt++) {
    // 1. A retry follows a conflict or a concurrent replay, so the stream has grown: read only the
    // events after the last one folded. They must link to it by hash; if they do not (or there are
    // none, which a conflict never leaves), the stream is not the one read before: read it all again.
    let read = await store.readStream(stream, last === undefined ? undefined : { fromRevision: last.revision + 1 });
    if (last !== undefined && read[0]?.previousHash !== last.hash) {
      folded = decider.initialState();
      last = undefined;
      read = await store.readStream(stream);
    }

    // 2. Only what was just read can hold this command's events.
    const earlier = read.filter((event) => event.metadata.idempotencyKey === context.idempotencyKey);
    if (earlier.length > 0) {
      const original = earlier[earlier.length - 1];
      return {
        state: foldOnto(folded, read.slice(0, read.indexOf(original) + 1)),
        events: earlier.map(toDomain),
        checkpoint: original.checkpoint,
        streamRevision: original.revision,
        idempotentReplay: true,
      };
    }

    // 3.
    folded = foldOnto(folded, read);
    last = read.at(-1) ?? last;
    const state = folded;
    const currentRevision = last === undefined ? -1 : last.revision;

    // 4.
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
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
      if (options.recomputeOnConflict && attempt < MAX_RECOMPUTATIONS) continue;
      throw new StreamConflictError(stream, error.actualRevision);
    }
    if (appended.idempotentReplay) continue; // a concurrent retry of the same command won: answer from its record

    return {
      state: decided.reduce((next, event) => decider.evolve(next, event), state),
      events: decided,
      checkpoint: appended.checkpoint,
      streamRevision: appended.nextExpectedRevision,
      idempotentReplay: false,
    };
  }
}
