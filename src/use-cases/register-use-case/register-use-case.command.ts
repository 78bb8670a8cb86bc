import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { UseCaseDetails } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runUseCaseCommand } from '../use-case-outcome.js';
import type { UseCase } from '../use-case.types.js';

export class RegisterUseCaseCommand extends Command<CommandOutcome<UseCase>> {
  constructor(
    readonly useCaseId: string,
    readonly details: UseCaseDetails,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterUseCaseCommand)
export class RegisterUseCaseHandler implements ICommandHandler<RegisterUseCaseCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: RegisterUseCaseCommand): Promise<CommandOutcome<UseCase>> {
    const { useCaseId } = command;
    // Not recomputable: it creates the stream, so a conflict means the id is taken; recomputing would only confirm it.
    return runUseCaseCommand(
      this.aggregates,
      useCaseId,
      (metadata) => ({ type: 'RegisterUseCase', data: { useCaseId, ...command.details }, metadata }),
      command.context,
      false,
    );
  }
}
