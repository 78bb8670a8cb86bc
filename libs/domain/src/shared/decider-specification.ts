import { expect } from '@jest/globals';
import type { Decider } from './decider.js';
import { DomainError } from './domain-error.js';
import { type DomainErrorCode, kindOf } from './error-codes.js';

/** Outcome assertions of a given/when specification. */
export interface Then<E> {
  /** Asserts the exact events decided. */
  then(expected: E[]): void;
  /** Asserts the decision with a callback, for events carrying computed values. */
  thenMatches(assert: (events: E[]) => void): void;
  /** Asserts a `DomainError` with this code (and its published kind), optionally with details. */
  thenThrows(code: DomainErrorCode, details?: Record<string, unknown>): void;
}

/**
 * Given/when/then specification of a decider (test-only; not exported from the index):
 * `spec(decider).given(events).when(command).then(events)`.
 */
export function spec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C): Then<E> {
          const decide = (): E[] => {
            const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
            return decider.decide(command, state);
          };
          return {
            // oxlint-disable-next-line unicorn/no-thenable -- given/when/then is the spec vocabulary; a Then is never awaited.
            then(expected) {
              expect(decide()).toEqual(expected);
            },
            thenMatches(assert) {
              assert(decide());
            },
            thenThrows(code, details) {
              let caught: unknown;
              let produced: E[] | undefined;
              try {
                produced = decide();
              } catch (error) {
                caught = error;
              }
              if (produced !== undefined) {
                const types = produced.map((e) => (e as { type?: string }).type);
                throw new Error(`expected ${code} to be thrown, but decided ${JSON.stringify(types)}`);
              }
              expect(caught).toBeInstanceOf(DomainError);
              const error = caught as DomainError;
              expect({ code: error.code, kind: error.kind }).toEqual({ code, kind: kindOf(code) });
              if (details) expect(error.details).toEqual(expect.objectContaining(details));
            },
          };
        },
      };
    },
  };
}
