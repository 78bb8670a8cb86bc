import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PolicyCell } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runPolicyProfileCommand } from '../policy-profile-outcome.js';
import type { PolicyProfile } from '../policy-profile.types.js';

export class DefinePolicyProfileCommand extends Command<CommandOutcome<PolicyProfile>> {
  constructor(
    readonly profileId: string,
    readonly name: string,
    readonly description: string,
    readonly cells: PolicyCell[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DefinePolicyProfileCommand)
export class DefinePolicyProfileHandler implements ICommandHandler<DefinePolicyProfileCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: DefinePolicyProfileCommand): Promise<CommandOutcome<PolicyProfile>> {
    const { profileId, name, description, cells } = command;
    // Not recomputable: it creates the stream, so a conflict means the id is taken; recomputing would only confirm it.
    return runPolicyProfileCommand(
      this.aggregates,
      profileId,
      (metadata) => ({ type: 'DefinePolicyProfile', data: { profileId, name, description, cells }, metadata }),
      command.context,
      false,
    );
  }
}
