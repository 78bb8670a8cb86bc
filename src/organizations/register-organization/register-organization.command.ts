import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { StakeholderRole } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runOrganizationCommand } from '../organization-outcome.js';
import type { Organization } from '../organization.types.js';

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

  execute(command: RegisterOrganizationCommand): Promise<CommandOutcome<Organization>> {
    // Not recomputable: it creates the stream, so a conflict means the id is taken; recomputing would only confirm it.
    return runOrganizationCommand(
      this.aggregates,
      command.organizationId,
      (metadata) => ({
        type: 'RegisterOrganization',
        data: { organizationId: command.organizationId, name: command.name, roles: command.roles },
        metadata,
      }),
      command.context,
      false,
    );
  }
}
