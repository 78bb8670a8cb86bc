import { isEconomicImpact, isRecoveryDifficulty } from '../category/axes.js';
import { isStakeholderActor } from '../shared/actor-guards.js';
import { assertNever } from '../shared/assert-never.js';
import type { Actor, Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { distinct, isIdentifier, isNonEmptyString } from '../shared/validation.js';
import { validRevision } from './assessment-revision.js';
import type { AssessmentCommand } from './assessment.commands.js';
import type { AssessmentEvent } from './assessment.events.js';
import { evolveAssessment } from './assessment.evolve.js';
import type { AssessmentState, OpenedAssessment } from './assessment.state.js';

function requireOpened(state: AssessmentState): OpenedAssessment {
  if (state.status === 'NONE') throw new DomainError('ASSESSMENT.NOT_FOUND', 'Assessment not opened');
  return state;
}

function requireParticipant(actor: Actor, state: OpenedAssessment): string {
  if (!isStakeholderActor(actor) || !state.participantIds.includes(actor.organizationId)) {
    throw new DomainError('ASSESSMENT.NOT_PARTICIPANT', 'Only participants act on this assessment');
  }
  return actor.organizationId;
}

function requireStatus(state: OpenedAssessment, status: OpenedAssessment['status'], command: string): void {
  if (state.status !== status) {
    throw new DomainError('ASSESSMENT.INVALID_STATUS', `${command} is not allowed while ${state.status}`, {
      status: state.status,
    });
  }
}

function requireCurrentRevision(state: OpenedAssessment, revision: number): void {
  if (state.current === null || revision !== state.revision) {
    throw new DomainError('ASSESSMENT.REVISION_STALE', `Revision ${revision} is not the current revision`, {
      currentRevision: state.revision,
    });
  }
}

function decide(command: AssessmentCommand, state: AssessmentState): AssessmentEvent[] {
  const { actor } = command.metadata;
  switch (command.type) {
    case 'OpenAssessment': {
      const { assessmentId, useCaseId, participantIds } = command.data;
      // Auditors and pure admins do not take part, so they cannot open one either.
      if (!isStakeholderActor(actor)) throw new DomainError('ASSESSMENT.FORBIDDEN', 'Only stakeholders open assessments');
      if (state.status !== 'NONE') {
        throw new DomainError('ASSESSMENT.ALREADY_OPENED', `Assessment ${assessmentId} exists`, { assessmentId });
      }
      if (!isIdentifier(assessmentId)) invalid('assessmentId', 'is not a valid identifier');
      if (!isIdentifier(useCaseId)) invalid('useCaseId', 'is not a valid identifier');
      if (!Array.isArray(participantIds) || !participantIds.every(isIdentifier)) {
        invalid('participantIds', 'must be organization ids');
      }
      // The opener always takes part: nobody rates a use case on others' behalf.
      const participants = distinct([actor.organizationId, ...participantIds]);
      if (participants.length < 2) invalid('participantIds', 'an assessment needs at least two organizations');
      return [
        { type: 'AssessmentOpened', data: { assessmentId, useCaseId, participantIds: participants, openedBy: actor.organizationId } },
      ];
    }
    case 'ProposeAssessmentRevision': {
      const current = requireOpened(state);
      const by = requireParticipant(actor, current);
      requireStatus(current, 'OPEN', 'Proposing a revision');
      const { baseRevision } = command.data;
      if (baseRevision !== undefined && baseRevision !== null && baseRevision !== current.revision) {
        throw new DomainError('ASSESSMENT.REVISION_STALE', `Revision ${baseRevision} is not the current revision`, {
          currentRevision: current.revision,
        });
      }
      return [proposal(current, by, command.data)];
    }
    case 'ChallengeAssessmentRevision': {
      const current = requireOpened(state);
      const by = requireParticipant(actor, current);
      requireStatus(current, 'OPEN', 'Challenging');
      const { revision, recovery, economic, reason } = command.data;
      requireCurrentRevision(current, revision);
      if (!isRecoveryDifficulty(recovery)) invalid('recovery', 'must be LIMITED, SERIOUS or SEVERE');
      if (!isEconomicImpact(economic)) invalid('economic', 'must be LIMITED, SERIOUS or CATASTROPHIC');
      if (!isNonEmptyString(reason)) invalid('reason', 'is required');
      return [
        {
          type: 'AssessmentRevisionChallenged',
          data: { assessmentId: current.assessmentId, revision, challengedBy: by, recovery, economic, reason: reason.trim() },
        },
      ];
    }
    case 'EndorseAssessmentRevision': {
      const current = requireOpened(state);
      const by = requireParticipant(actor, current);
      requireStatus(current, 'OPEN', 'Endorsing');
      requireCurrentRevision(current, command.data.revision);
      if (current.endorsedBy.includes(by)) return [];
      const endorsed: AssessmentEvent = {
        type: 'AssessmentEndorsed',
        data: { assessmentId: current.assessmentId, revision: current.revision, endorsedBy: by },
      };
      const endorsers = new Set([...current.endorsedBy, by]);
      if (!current.participantIds.every((p) => endorsers.has(p))) return [endorsed];
      const revision = current.current!;
      return [
        endorsed,
        {
          type: 'AssessmentAgreed',
          data: {
            assessmentId: current.assessmentId,
            useCaseId: current.useCaseId,
            revision: current.revision,
            category: { recovery: revision.recovery, economic: revision.economic },
            previousCategory: current.agreedCategory ? { ...current.agreedCategory } : null,
            participantIds: [...current.participantIds],
          },
        },
      ];
    }
    case 'ReopenAssessment': {
      const current = requireOpened(state);
      const by = requireParticipant(actor, current);
      requireStatus(current, 'AGREED', 'Reopening');
      if (!isNonEmptyString(command.data.reason)) invalid('reason', 'is required');
      const reopened: AssessmentEvent = {
        type: 'AssessmentReopened',
        data: { assessmentId: current.assessmentId, reopenedBy: by, reason: command.data.reason.trim(), agreedRevision: current.agreedRevision },
      };
      return [reopened, proposal(current, by, command.data)];
    }
    default:
      return assertNever(command);
  }
}

function proposal(
  state: OpenedAssessment,
  by: string,
  data: Parameters<typeof validRevision>[0],
): AssessmentEvent {
  return {
    type: 'AssessmentRevisionProposed',
    data: {
      assessmentId: state.assessmentId,
      revision: state.revision + 1,
      proposedBy: by,
      answeredChallenges: distinct(state.openChallenges.map((c) => c.challengedBy)),
      ...validRevision(data),
    },
  };
}

function invalid(field: string, reason: string): never {
  throw new DomainError('ASSESSMENT.INVALID', `${field}: ${reason}`, { field, reason });
}

/**
 * Assessment aggregate (stream `assessment-<id>`): participants rate a use case
 * on the two axes by revisions. Rules:
 * - only participants (people of a participant organization with a stakeholder role) act;
 * - endorsing and challenging name the current revision, otherwise `ASSESSMENT.REVISION_STALE`;
 * - a new revision clears endorsements and answers open challenges;
 * - the last endorsement of the current revision agrees the category in the same decision;
 * - an agreed assessment changes only by reopening, which proposes the next revision at once.
 * Repeating an endorsement decides nothing.
 */
export const assessmentDecider: Decider<AssessmentCommand, AssessmentEvent, AssessmentState> = {
  decide,
  evolve: evolveAssessment,
  initialState: () => ({ status: 'NONE' }),
};
