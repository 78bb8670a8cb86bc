// Public API of the domain: pure deciders, value types and functions. No I/O.
// The given/when/then helper is test-only: import it from '@app/domain/shared/decider-specification.js'.

export * from './shared/decider.js';
export * from './shared/domain-error.js';
export * from './shared/error-codes.js';
export * from './shared/assert-never.js';
export { isIsoDateOrInstant, isIdentifier } from './shared/validation.js';
export { STAKEHOLDER_ACTOR_ROLES, hasRole, isStakeholderActor } from './shared/actor-guards.js';

export * from './category/axes.js';
export * from './category/category.js';
export * from './category/perspective.js';

export * from './organization/stakeholder-role.js';
export * from './organization/organization.commands.js';
export * from './organization/organization.events.js';
export * from './organization/organization.state.js';
export * from './organization/organization.decider.js';

export * from './use-case/use-case.types.js';
export * from './use-case/use-case.commands.js';
export * from './use-case/use-case.events.js';
export * from './use-case/use-case.state.js';
export * from './use-case/use-case.decider.js';

export * from './assessment/impact.js';
export * from './assessment/assessment-revision.js';
export * from './assessment/assessment.commands.js';
export * from './assessment/assessment.events.js';
export * from './assessment/assessment.state.js';
export * from './assessment/assessment.decider.js';

export * from './terms/confirmation-method.js';
export * from './terms/clause.js';
export * from './terms/clause-validation.js';
export * from './terms/terms-digest.js';
export * from './terms/policy-check.js';
export * from './terms/terms-diff.js';

export * from './policy-profile/policy-requirements.js';
export * from './policy-profile/default-policy-profile.js';
export * from './policy-profile/policy-profile.commands.js';
export * from './policy-profile/policy-profile.events.js';
export * from './policy-profile/policy-profile.state.js';
export * from './policy-profile/policy-profile.decider.js';

export * from './agreement/agreement-status.js';
export * from './agreement/agreement.commands.js';
export * from './agreement/agreement.events.js';
export * from './agreement/agreement.state.js';
export * from './agreement/agreement.decider.js';

export * from './sagas/review-required.saga.js';
export * from './event-types.js';

import type { AgreementEvent } from './agreement/agreement.events.js';
import type { AssessmentEvent } from './assessment/assessment.events.js';
import type { OrganizationEvent } from './organization/organization.events.js';
import type { PolicyProfileEvent } from './policy-profile/policy-profile.events.js';
import type { UseCaseEvent } from './use-case/use-case.events.js';

/** Every event the domain records. */
export type DomainEvent = OrganizationEvent | UseCaseEvent | AssessmentEvent | AgreementEvent | PolicyProfileEvent;
