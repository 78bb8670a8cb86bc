import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAssessmentCommand } from '../assessment-outcome.js';
import type { Assessment } from '../assessment.types.js';
import type { ProposeAssessmentInput } from './propose-assessment.input.js';

export class ProposeAssessmentCommand extends Command<CommandOutcome<Assessment>> {
  constructor(
    readonly data: Omit<ProposeAssessmentInput, 'commandId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ProposeAssessmentCommand)
export class ProposeAssessmentHandler implements ICommandHandler<ProposeAssessmentCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ data, context }: ProposeAssessmentCommand): Promise<CommandOutcome<Assessment>> {
    // Not recomputed without baseRevision: a proposal made against a revision another participant just replaced should be looked at again.
    return runAssessmentCommand(
      this.aggregates,
      data.assessmentId,
      (metadata) => ({ type: 'ProposeAssessmentRevision', data: { assessmentId: data.assessmentId, baseRevision: data.baseRevision ?? undefined, recovery: data.recovery, economic: data.economic, impacts: data.impacts.map((impact) => ({ ...impact })), rationale: data.rationale, likelihoodNote: data.likelihoodNote ?? null }, metadata }),
      context,
      data.baseRevision !== undefined && data.baseRevision !== null,
    );
  }
}
