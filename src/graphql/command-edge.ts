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
