import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StakeholderRole } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runOrganizationCommand } from '../organization-outcome.js';
import type { Organization } from '../organization.types.js';

export class ChangeOrganizationRolesCommand extends Command<CommandOutcome<Organization>> {
  constructor(
    readonly organizationId: string,
    readonly roles: StakeholderRole[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeOrganizationRolesCommand)
export class ChangeOrganizationRolesHandler implements ICommandHandler<ChangeOrganizationRolesCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: ChangeOrganizationRolesCommand): Promise<CommandOutcome<Organization>> {
    // Recomputable: the command states the complete role set, so its outcome does not depend on what the caller saw.
    return runOrganizationCommand(
      this.aggregates,
      command.organizationId,
      (metadata) => ({ type: 'ChangeOrganizationRoles', data: { organizationId: command.organizationId, roles: command.roles }, metadata }),
      command.context,
      true,
    );
  }
}
