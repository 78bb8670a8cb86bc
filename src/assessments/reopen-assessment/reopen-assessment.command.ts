import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAssessmentCommand } from '../assessment-outcome.js';
import type { Assessment } from '../assessment.types.js';
import type { ReopenAssessmentInput } from './reopen-assessment.input.js';

export class ReopenAssessmentCommand extends Command<CommandOutcome<Assessment>> {
  constructor(
    readonly data: Omit<ReopenAssessmentInput, 'commandId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReopenAssessmentCommand)
export class ReopenAssessmentHandler implements ICommandHandler<ReopenAssessmentCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ data, context }: ReopenAssessmentCommand): Promise<CommandOutcome<Assessment>> {
    // Not recomputed: reopening is a deliberate reaction to the agreed state the caller saw.
    return runAssessmentCommand(
      this.aggregates,
      data.assessmentId,
      (metadata) => ({ type: 'ReopenAssessment', data: { assessmentId: data.assessmentId, reason: data.reason, recovery: data.recovery, economic: data.economic, impacts: data.impacts.map((impact) => ({ ...impact })), rationale: data.rationale, likelihoodNote: data.likelihoodNote ?? null }, metadata }),
      context,
      false,
    );
  }
}
