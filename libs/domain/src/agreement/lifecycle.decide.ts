import { isCategory, sameCategory } from '../category/category.js';
import { copyRequirements, perspectiveRequirementIssues } from '../policy-profile/policy-requirements.js';
import { hasRole } from '../shared/actor-guards.js';
import { DomainError } from '../shared/domain-error.js';
import { isNonEmptyString } from '../shared/validation.js';
import type { MarkForReview, WithdrawFromAgreement } from './agreement.commands.js';
import type { AgreementEvent } from './agreement.events.js';
import { invalid, requireOpened, requireParty } from './agreement.guards.js';
import type { AgreementState } from './agreement.state.js';

/**
 * Withdrawal. Before any version is concluded (NEGOTIATING, or REVIEW_REQUIRED
 * of a never-concluded agreement) the party leaves: sign-offs are void, and with
 * fewer than two parties left the agreement is WITHDRAWN. While AMENDING it ends
 * the amendment instead: a party cannot walk out of terms in force (that takes a
 * termination signed by all), but every amendment needs its signature, so it
 * may stop one; the concluded version becomes current again.
 */
export function decideWithdraw(command: WithdrawFromAgreement, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  const reason = command.data.reason;
  const { agreementId } = agreement;
  if (agreement.status === 'AMENDING' && agreement.concluded && agreement.current) {
    if (!isNonEmptyString(reason)) invalid('reason', 'is required');
    return [
      {
        type: 'AgreementAmendmentWithdrawn',
        data: {
          agreementId,
          withdrawnBy: by,
          reason: reason.trim(),
          abandonedVersion: agreement.current.version,
          restoredVersion: agreement.concluded.version,
        },
      },
    ];
  }
  const negotiating =
    agreement.concluded === null && (agreement.status === 'NEGOTIATING' || agreement.status === 'REVIEW_REQUIRED');
  if (!negotiating) {
    throw new DomainError('AGREEMENT.INVALID_STATUS', `Withdrawing is not allowed while ${agreement.status}`, {
      status: agreement.status,
    });
  }
  if (!isNonEmptyString(reason)) invalid('reason', 'is required');
  const remainingParties = agreement.parties.filter((p) => p !== by);
  const withdrew: AgreementEvent = {
    type: 'AgreementPartyWithdrew',
    data: { agreementId, withdrawnBy: by, reason: reason.trim(), remainingParties },
  };
  if (remainingParties.length >= 2) return [withdrew];
  return [withdrew, { type: 'AgreementWithdrawn', data: { agreementId, remainingParties: [...remainingParties] } }];
}

/**
 * The assessment's agreed category changed. The agreement is checked against the
 * new category from now on; pending sign-offs are void, and it leaves
 * REVIEW_REQUIRED when a party proposes terms (possibly the same clauses), which
 * are negotiated and concluded as usual. The concluded version, if any, stays
 * in force meanwhile. Marking again for the category already under review decides nothing.
 */
export function decideMarkForReview(command: MarkForReview, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  // The review saga runs with a consortium admin identity; parties cannot trigger it.
  if (!hasRole(command.metadata.actor, 'consortium_admin')) {
    throw new DomainError('AGREEMENT.FORBIDDEN', 'Only the review saga (consortium admin) marks agreements for review');
  }
  const { assessmentId, assessmentRevision, newCategory, requirements } = command.data;
  if (assessmentId !== agreement.assessmentId) {
    throw new DomainError('AGREEMENT.ASSESSMENT_MISMATCH', `Agreement is for assessment ${agreement.assessmentId}`, {
      assessmentId: agreement.assessmentId,
    });
  }
  if (!isCategory(newCategory)) invalid('newCategory', 'is not a category');
  const issues = perspectiveRequirementIssues(requirements, 'requirements');
  if (issues.length > 0) invalid('requirements', issues[0]);
  if (!['CONCLUDED', 'NEGOTIATING', 'AMENDING', 'REVIEW_REQUIRED'].includes(agreement.status)) {
    throw new DomainError('AGREEMENT.INVALID_STATUS', `Review is not possible while ${agreement.status}`, {
      status: agreement.status,
    });
  }
  if (sameCategory(agreement.category, newCategory)) return [];
  return [
    {
      type: 'AgreementMarkedForReview',
      data: {
        agreementId: agreement.agreementId,
        assessmentId,
        assessmentRevision,
        previousCategory: { ...agreement.category },
        newCategory: { recovery: newCategory.recovery, economic: newCategory.economic },
        requirements: copyRequirements(requirements),
      },
    },
  ];
}
