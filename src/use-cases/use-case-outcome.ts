import type { UseCaseCommand, UseCaseState } from '@app/domain';
import type { AggregateCommands } from '../application/aggregate-commands.service.js';
import type { CommandContext } from '../application/command-pipeline.js';
import type { CommandOutcome } from '../application/command-outcome.js';
import { toUseCase, type UseCase } from './use-case.types.js';

/** Runs one use case command and answers the use case it left behind. */
export async function runUseCaseCommand(
  aggregates: AggregateCommands,
  useCaseId: string,
  build: (metadata: UseCaseCommand['metadata']) => UseCaseCommand,
  context: CommandContext,
  recomputeOnConflict: boolean,
): Promise<CommandOutcome<UseCase>> {
  const result = await aggregates.execute('useCase', useCaseId, build, context, { recomputeOnConflict });
  return { value: toUseCase(registered(result.state)), checkpoint: result.checkpoint };
}

function registered(state: UseCaseState) {
  if (state.status === 'NONE') throw new Error('The use case command produced no use case');
  return state;
}
