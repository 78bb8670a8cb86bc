import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import { notFound } from '../../application/application-error.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAssessmentCommand } from '../assessment-outcome.js';
import type { Assessment } from '../assessment.types.js';

export class OpenAssessmentCommand extends Command<CommandOutcome<Assessment>> {
  constructor(
    readonly assessmentId: string,
    readonly useCaseId: string,
    readonly participantIds: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenAssessmentCommand)
export class OpenAssessmentHandler implements ICommandHandler<OpenAssessmentCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  async execute(command: OpenAssessmentCommand): Promise<CommandOutcome<Assessment>> {
    // Who may act comes first: an organization that may not act learns nothing about other aggregates.
    await this.aggregates.assertMayAct(command.context.actor);
    await this.aggregates.assertIdFree('assessment', command.assessmentId);
    const useCase = await this.aggregates.load('useCase', command.useCaseId);
    if (useCase.status !== 'ACTIVE') throw notFound('use case', command.useCaseId);
    await this.aggregates.activeOrganizations(command.participantIds, 'participantIds');
    // Creates the stream: a conflict means the id is taken, which recomputing would only confirm.
    return runAssessmentCommand(
      this.aggregates,
      command.assessmentId,
      (metadata) => ({
        type: 'OpenAssessment',
        data: { assessmentId: command.assessmentId, useCaseId: command.useCaseId, participantIds: command.participantIds },
        metadata,
      }),
      command.context,
      false,
    );
  }
}
