import type { ExpectedRevision, StreamCondition } from './event-store.port.js';

/** The stream was not in the expected state; `actualRevision` is -1 for a stream that does not exist. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: number,
  ) {
    super(`Stream ${stream} is at revision ${actualRevision}, expected ${String(expectedRevision)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The stream was as expected, but a stream the append was conditioned on had moved: nothing was appended. */
export class StreamConditionFailedError extends Error {
  readonly code = 'EVENT_STORE.CONDITION_FAILED';
  constructor(
    readonly stream: string,
    /** The conditions that did not hold, each with the revision found (-1: no such stream). */
    readonly failed: ReadonlyArray<StreamCondition & { actualRevision: number }>,
  ) {
    super(
      `Nothing appended to ${stream}: ${failed.map((condition) => `${condition.stream} is at revision ${condition.actualRevision}, expected ${condition.revision}`).join('; ')}`,
    );
    this.name = 'StreamConditionFailedError';
  }
}

/** An event id already exists but belongs to different content: a client reused an idempotency key. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} was already recorded for a different event`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The storage cannot be reached or refused the operation for a reason other than a conflict. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
