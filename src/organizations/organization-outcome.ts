import type { OrganizationCommand, OrganizationState } from '@app/domain';
import type { AggregateCommands } from '../application/aggregate-commands.service.js';
import type { CommandContext } from '../application/command-pipeline.js';
import type { CommandOutcome } from '../application/command-outcome.js';
import { toOrganization, type Organization } from './organization.types.js';

/** Runs one organization command and answers the organization it left behind. */
export async function runOrganizationCommand(
  aggregates: AggregateCommands,
  organizationId: string,
  build: (metadata: OrganizationCommand['metadata']) => OrganizationCommand,
  context: CommandContext,
  recomputeOnConflict: boolean,
): Promise<CommandOutcome<Organization>> {
  const result = await aggregates.execute('organization', organizationId, build, context, { recomputeOnConflict });
  return { value: toOrganization(registered(result.state)), checkpoint: result.checkpoint };
}

function registered(state: OrganizationState) {
  if (state.status === 'NONE') throw new Error('The organization command produced no organization');
  return state;
}
