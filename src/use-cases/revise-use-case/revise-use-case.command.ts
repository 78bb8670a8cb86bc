import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { UseCaseDetails } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runUseCaseCommand } from '../use-case-outcome.js';
import type { UseCase } from '../use-case.types.js';

export class ReviseUseCaseCommand extends Command<CommandOutcome<UseCase>> {
  constructor(
    readonly useCaseId: string,
    /** Only the fields to change. */
    readonly changes: Partial<UseCaseDetails>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviseUseCaseCommand)
export class ReviseUseCaseHandler implements ICommandHandler<ReviseUseCaseCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: ReviseUseCaseCommand): Promise<CommandOutcome<UseCase>> {
    // Not recomputable: it edits text the caller read, so a concurrent edit is reported rather than silently overwritten.
    return runUseCaseCommand(
      this.aggregates,
      command.useCaseId,
      (metadata) => ({ type: 'ReviseUseCase', data: { useCaseId: command.useCaseId, ...command.changes }, metadata }),
      command.context,
      false,
    );
  }
}
