import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, requirementsAt } from '@app/domain';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import { forbidden, notFound } from '../../application/application-error.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';

export class OpenAgreementCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly agreementId: string,
    readonly assessmentId: string,
    readonly partyIds: string[],
    readonly policyProfileId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Gathers what the decider needs from other aggregates, strongly consistent from their streams:
 * the assessment's agreed category, the parties' roles (snapshotted for segregation of duties),
 * and the requirements of the latest profile version for that category.
 */
@CommandHandler(OpenAgreementCommand)
export class OpenAgreementHandler implements ICommandHandler<OpenAgreementCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  async execute(command: OpenAgreementCommand): Promise<CommandOutcome<Agreement>> {
    const { actor } = command.context;
    // Who may act comes first: an organization that may not act learns nothing about other aggregates.
    await this.aggregates.assertMayAct(actor);
    await this.aggregates.assertIdFree('agreement', command.agreementId);
    const assessment = await this.aggregates.load('assessment', command.assessmentId);
    if (assessment.status === 'NONE') throw notFound('assessment', command.assessmentId);
    // Opening reveals the agreed category, which only the assessment's participants may see.
    if (!assessment.participantIds.includes(actor.organizationId)) {
      throw forbidden('ASSESSMENT.NOT_PARTICIPANT', 'Only participants of the assessment open agreements for it');
    }
    if (assessment.status !== 'AGREED' || assessment.agreedCategory === null || assessment.agreedRevision === null) {
      throw new DomainError('AGREEMENT.ASSESSMENT_NOT_AGREED', `Assessment ${command.assessmentId} has no agreed category`, {
        assessmentId: command.assessmentId,
      });
    }
    const partyRoles = await this.aggregates.activeOrganizations([actor.organizationId, ...command.partyIds], 'partyIds');
    const profile = await this.aggregates.load('policyProfile', command.policyProfileId);
    if (profile.status === 'NONE') throw notFound('policy profile', command.policyProfileId);
    const requirements = requirementsAt(profile, profile.version, assessment.agreedCategory);
    if (!requirements) throw notFound('policy profile version', `${command.policyProfileId}@${profile.version}`);
    const category = assessment.agreedCategory;
    const revision = assessment.agreedRevision;

    // Creates the stream: a conflict means the id is taken, which recomputing would only confirm.
    return runAgreementCommand(
      this.aggregates,
      command.agreementId,
      (metadata) => ({
        type: 'OpenAgreement',
        data: {
          agreementId: command.agreementId,
          partyIds: command.partyIds,
          partyRoles,
          assessment: { id: command.assessmentId, useCaseId: assessment.useCaseId, status: assessment.status, revision, category },
          policyProfile: { id: command.policyProfileId, version: profile.version, requirements },
        },
        metadata,
      }),
      command.context,
      false,
    );
  }
}

