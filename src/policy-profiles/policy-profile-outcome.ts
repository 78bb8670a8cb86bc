import type { PolicyProfileCommand, PolicyProfileState } from '@app/domain';
import type { AggregateCommands } from '../application/aggregate-commands.service.js';
import type { CommandContext } from '../application/command-pipeline.js';
import type { CommandOutcome } from '../application/command-outcome.js';
import { toPolicyProfile, type PolicyProfile } from './policy-profile.types.js';

/** Runs one policy profile command and answers the profile at the version it left current. */
export async function runPolicyProfileCommand(
  aggregates: AggregateCommands,
  profileId: string,
  build: (metadata: PolicyProfileCommand['metadata']) => PolicyProfileCommand,
  context: CommandContext,
  recomputeOnConflict: boolean,
): Promise<CommandOutcome<PolicyProfile>> {
  const result = await aggregates.execute('policyProfile', profileId, build, context, { recomputeOnConflict });
  const profile = toPolicyProfile(defined(result.state));
  if (!profile) throw new Error('The policy profile command left no current version');
  return { value: profile, checkpoint: result.checkpoint };
}

function defined(state: PolicyProfileState) {
  if (state.status === 'NONE') throw new Error('The policy profile command produced no profile');
  return state;
}
