import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StakeholderRole } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { toOrganization, type Organization } from '../organization.types.js';

export class RegisterOrganizationCommand extends Command<CommandOutcome<Organization>> {
  constructor(
    readonly organizationId: string,
    readonly name: string,
    readonly roles: StakeholderRole[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  async execute(command: RegisterOrganizationCommand): Promise<CommandOutcome<Organization>> {
    const result = await this.aggregates.execute(
      'organization',
      command.organizationId,
      (metadata) => ({
        type: 'RegisterOrganization',
        data: { organizationId: command.organizationId, name: command.name, roles: command.roles },
        metadata,
      }),
      command.context,
      { recomputeOnConflict: false },
    );
    if (result.state.status === 'NONE') throw new Error('RegisterOrganization produced no organization');
    return { value: toOrganization(result.state), checkpoint: result.checkpoint };
  }
}
