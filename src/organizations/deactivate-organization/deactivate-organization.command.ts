import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runOrganizationCommand } from '../organization-outcome.js';
import type { Organization } from '../organization.types.js';

export class DeactivateOrganizationCommand extends Command<CommandOutcome<Organization>> {
  constructor(
    readonly organizationId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeactivateOrganizationCommand)
export class DeactivateOrganizationHandler implements ICommandHandler<DeactivateOrganizationCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute(command: DeactivateOrganizationCommand): Promise<CommandOutcome<Organization>> {
    // Recomputable: deactivation is terminal and repeating it decides nothing, whatever happened meanwhile.
    return runOrganizationCommand(
      this.aggregates,
      command.organizationId,
      (metadata) => ({ type: 'DeactivateOrganization', data: { organizationId: command.organizationId, reason: command.reason }, metadata }),
      command.context,
      true,
    );
  }
}
