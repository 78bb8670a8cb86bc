import type { AgreementCommand, AgreementState } from '@app/domain';
import type { AggregateCommands } from '../application/aggregate-commands.service.js';
import type { CommandContext } from '../application/command-pipeline.js';
import type { CommandOutcome } from '../application/command-outcome.js';
import { toAgreement, type Agreement } from './agreement.types.js';

/** Runs one agreement command and answers the agreement it produced, checked as of the command's time. */
export async function runAgreementCommand(
  aggregates: AggregateCommands,
  agreementId: string,
  build: (metadata: AgreementCommand['metadata']) => AgreementCommand,
  context: CommandContext,
  recomputeOnConflict: boolean,
): Promise<CommandOutcome<Agreement>> {
  const result = await aggregates.execute('agreement', agreementId, build, context, { recomputeOnConflict });
  return { value: toAgreement(opened(result.state), context.now), checkpoint: result.checkpoint };
}

function opened(state: AgreementState) {
  if (state.status === 'NONE') throw new Error('The agreement command produced no agreement');
  return state;
}
