import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runUseCaseCommand } from '../use-case-outcome.js';
import type { UseCase } from '../use-case.types.js';

export class RetireUseCaseCommand extends Command<CommandOutcome<UseCase>> {
  constructor(
    readonly useCaseId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RetireUseCaseCommand)
export class RetireUseCaseHandler implements ICommandHandler<RetireUseCaseCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: RetireUseCaseCommand): Promise<CommandOutcome<UseCase>> {
    // Recomputable: retirement is terminal and repeating it decides nothing, whatever happened meanwhile.
    return runUseCaseCommand(
      this.aggregates,
      command.useCaseId,
      (metadata) => ({ type: 'RetireUseCase', data: { useCaseId: command.useCaseId, reason: command.reason }, metadata }),
      command.context,
      true,
    );
  }
}
