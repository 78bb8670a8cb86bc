import { v5 as uuidv5 } from 'uuid';
import type { Actor } from '@app/domain';
import { commandContext } from '../application/aggregate-commands.service.js';
import type { CommandContext } from '../application/command-pipeline.js';
import type { CommandOutcome } from '../application/command-outcome.js';
import type { GraphqlContext } from './graphql-context.js';

/** The command context of a mutation: caller, time, idempotency key and correlation id. */
export function contextFor(actor: Actor, input: { commandId?: string | null }, request: GraphqlContext): CommandContext {
  return commandContext(actor, input.commandId, request.requestId);
}

/** Hands the result to the client and remembers the position for the consistency token. */
export function deliver<T>(outcome: CommandOutcome<T>, request: GraphqlContext): T {
  if (outcome.checkpoint) request.consistencyToken = outcome.checkpoint;
  return outcome.value;
}

const GENERATED_ID_NAMESPACE = '0c9f7a4e-8d0b-4f3e-9b8a-6a1e2f3d4c5b';

/**
 * The id of an aggregate a command creates when the client names none. Derived from the
 * idempotency key, so a retry with the same commandId lands on the same stream and is answered
 * from it instead of creating a second aggregate.
 */
export function newAggregateId(context: CommandContext): string {
  return uuidv5(context.idempotencyKey, GENERATED_ID_NAMESPACE);
}
