import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAssessmentCommand } from '../assessment-outcome.js';
import type { Assessment } from '../assessment.types.js';
import type { EndorseAssessmentInput } from './endorse-assessment.input.js';

export class EndorseAssessmentCommand extends Command<CommandOutcome<Assessment>> {
  constructor(
    readonly data: Omit<EndorseAssessmentInput, 'commandId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EndorseAssessmentCommand)
export class EndorseAssessmentHandler implements ICommandHandler<EndorseAssessmentCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ data, context }: EndorseAssessmentCommand): Promise<CommandOutcome<Assessment>> {
    // Safe to recompute: the endorsement names its revision, so it never lands on one the participant did not see.
    return runAssessmentCommand(
      this.aggregates,
      data.assessmentId,
      (metadata) => ({ type: 'EndorseAssessmentRevision', data: { assessmentId: data.assessmentId, revision: data.revision }, metadata }),
      context,
      true,
    );
  }
}
