import type { AssessmentCommand, AssessmentState } from '@app/domain';
import type { AggregateCommands } from '../application/aggregate-commands.service.js';
import type { CommandContext } from '../application/command-pipeline.js';
import type { CommandOutcome } from '../application/command-outcome.js';
import { toAssessment, type Assessment } from './assessment.types.js';

/** Runs one assessment command and answers the assessment it produced. */
export async function runAssessmentCommand(
  aggregates: AggregateCommands,
  assessmentId: string,
  build: (metadata: AssessmentCommand['metadata']) => AssessmentCommand,
  context: CommandContext,
  recomputeOnConflict: boolean,
): Promise<CommandOutcome<Assessment>> {
  const result = await aggregates.execute('assessment', assessmentId, build, context, { recomputeOnConflict });
  return { value: toAssessment(opened(result.state)), checkpoint: result.checkpoint };
}

function opened(state: AssessmentState) {
  if (state.status === 'NONE') throw new Error('The assessment command produced no assessment');
  return state;
}
