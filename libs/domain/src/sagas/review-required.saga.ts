import type { AgreementStatus } from '../agreement/agreement-status.js';
import type { MarkForReview } from '../agreement/agreement.commands.js';
import type { AssessmentAgreed } from '../assessment/assessment.events.js';
import type { Category } from '../category/category.js';
import { sameCategory } from '../category/category.js';
import type { PerspectiveRequirements, PolicyProfileRef } from '../policy-profile/policy-requirements.js';
import type { CommandMetadata } from '../shared/decider.js';

/** What the saga needs to know of each agreement of the assessment (from a read model). */
export interface AgreementUnderAssessment {
  agreementId: string;
  status: AgreementStatus;
  policyProfile: PolicyProfileRef;
}

/**
 * Agreements that a category change affects. REVIEW_REQUIRED is included on
 * purpose: an agreement already under review must follow a further change, or
 * it would be renegotiated against a category that no longer holds. Closed
 * agreements (WITHDRAWN, TERMINATED) are history.
 */
export const REVIEWABLE_STATUSES: readonly AgreementStatus[] = ['CONCLUDED', 'NEGOTIATING', 'AMENDING', 'REVIEW_REQUIRED'];

/**
 * The review-required decision: when an assessment is agreed with a category
 * other than the one agreed before, every live agreement of that assessment is
 * marked for review, with the requirements of the new category under the
 * agreement's own profile version (`requirementsFor` looks them up; the
 * application preloads the profiles). A first agreement (no previous category)
 * or an unchanged category decides nothing.
 */
export function reviewRequiredDecision(input: {
  event: AssessmentAgreed;
  agreements: readonly AgreementUnderAssessment[];
  requirementsFor: (profile: PolicyProfileRef, category: Category) => PerspectiveRequirements;
  metadata: CommandMetadata;
}): MarkForReview[] {
  const { event, agreements, requirementsFor, metadata } = input;
  const { previousCategory, category, assessmentId, revision } = event.data;
  if (previousCategory === null || sameCategory(previousCategory, category)) return [];
  return agreements
    .filter((agreement) => REVIEWABLE_STATUSES.includes(agreement.status))
    .map((agreement) => ({
      type: 'MarkForReview',
      data: {
        agreementId: agreement.agreementId,
        assessmentId,
        assessmentRevision: revision,
        newCategory: { recovery: category.recovery, economic: category.economic },
        requirements: requirementsFor(agreement.policyProfile, category),
      },
      metadata,
    }));
}

/** The identity under which sagas issue commands (MarkForReview needs the consortium admin role). */
export function sagaActor(name: string, organizationId: string): CommandMetadata['actor'] {
  return { subject: `saga:${name}`, organizationId, roles: ['consortium_admin'] };
}
