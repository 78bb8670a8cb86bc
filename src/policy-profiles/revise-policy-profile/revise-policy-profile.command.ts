import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PolicyCell } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runPolicyProfileCommand } from '../policy-profile-outcome.js';
import type { PolicyProfile } from '../policy-profile.types.js';

export class RevisePolicyProfileCommand extends Command<CommandOutcome<PolicyProfile>> {
  constructor(
    readonly profileId: string,
    readonly baseVersion: number,
    readonly changes: { name?: string; description?: string; cells: PolicyCell[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RevisePolicyProfileCommand)
export class RevisePolicyProfileHandler implements ICommandHandler<RevisePolicyProfileCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: RevisePolicyProfileCommand): Promise<CommandOutcome<PolicyProfile>> {
    const { profileId, baseVersion, changes } = command;
    // Recomputable: it names its base version, so after a concurrent revision the decider refuses it as superseded (with the current version).
    return runPolicyProfileCommand(
      this.aggregates,
      profileId,
      (metadata) => ({ type: 'RevisePolicyProfile', data: { profileId, baseVersion, ...changes }, metadata }),
      command.context,
      true,
    );
  }
}
