import type { AgreementEvent } from './agreement/agreement.events.js';
import type { AssessmentEvent } from './assessment/assessment.events.js';
import type { OrganizationEvent } from './organization/organization.events.js';
import type { PolicyProfileEvent } from './policy-profile/policy-profile.events.js';
import type { UseCaseEvent } from './use-case/use-case.events.js';

/**
 * A list of every type of an event union, checked by the compiler in both directions: a name
 * outside the union or a type left out of the list does not compile. Consumers that subscribe by
 * type (projections, the audit log) take these lists, so a new event cannot be silently skipped.
 */
function everyTypeOf<E extends { type: string }>() {
  return <const Types extends readonly E['type'][]>(types: Types & ([E['type']] extends [Types[number]] ? unknown : never)): Types =>
    types;
}

export const ORGANIZATION_EVENT_TYPES = everyTypeOf<OrganizationEvent>()([
  'OrganizationRegistered',
  'OrganizationRolesChanged',
  'OrganizationDeactivated',
]);

export const USE_CASE_EVENT_TYPES = everyTypeOf<UseCaseEvent>()(['UseCaseRegistered', 'UseCaseRevised', 'UseCaseRetired']);

export const POLICY_PROFILE_EVENT_TYPES = everyTypeOf<PolicyProfileEvent>()(['PolicyProfileDefined', 'PolicyProfileRevised']);

export const ASSESSMENT_EVENT_TYPES = everyTypeOf<AssessmentEvent>()([
  'AssessmentOpened',
  'AssessmentRevisionProposed',
  'AssessmentRevisionChallenged',
  'AssessmentEndorsed',
  'AssessmentAgreed',
  'AssessmentReopened',
]);

export const AGREEMENT_EVENT_TYPES = everyTypeOf<AgreementEvent>()([
  'AgreementOpened',
  'AgreementTermsProposed',
  'AgreementTermsRejected',
  'AgreementSignedOff',
  'AgreementConcluded',
  'AgreementPartyWithdrew',
  'AgreementWithdrawn',
  'AgreementAmendmentWithdrawn',
  'AgreementTerminationProposed',
  'AgreementTerminationSigned',
  'AgreementTerminationRejected',
  'AgreementTerminated',
  'AgreementMarkedForReview',
]);

/** Every event type the domain records. */
export const DOMAIN_EVENT_TYPES = [
  ...ORGANIZATION_EVENT_TYPES,
  ...USE_CASE_EVENT_TYPES,
  ...ASSESSMENT_EVENT_TYPES,
  ...AGREEMENT_EVENT_TYPES,
  ...POLICY_PROFILE_EVENT_TYPES,
] as const;
