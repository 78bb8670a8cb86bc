import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAssessmentCommand } from '../assessment-outcome.js';
import type { Assessment } from '../assessment.types.js';
import type { ChallengeAssessmentInput } from './challenge-assessment.input.js';

export class ChallengeAssessmentCommand extends Command<CommandOutcome<Assessment>> {
  constructor(
    readonly data: Omit<ChallengeAssessmentInput, 'commandId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChallengeAssessmentCommand)
export class ChallengeAssessmentHandler implements ICommandHandler<ChallengeAssessmentCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ data, context }: ChallengeAssessmentCommand): Promise<CommandOutcome<Assessment>> {
    // Safe to recompute: the command names the revision it disputes and the decider refuses a stale one.
    return runAssessmentCommand(
      this.aggregates,
      data.assessmentId,
      (metadata) => ({ type: 'ChallengeAssessmentRevision', data: { assessmentId: data.assessmentId, revision: data.revision, recovery: data.recovery, economic: data.economic, reason: data.reason }, metadata }),
      context,
      true,
    );
  }
}
