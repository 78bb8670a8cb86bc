import { isCategory } from '../category/category.js';
import { isStakeholderRole, type StakeholderRole } from '../organization/stakeholder-role.js';
import { copyRequirements, perspectiveRequirementIssues } from '../policy-profile/policy-requirements.js';
import { isStakeholderActor } from '../shared/actor-guards.js';
import { DomainError } from '../shared/domain-error.js';
import { distinct, isIdentifier } from '../shared/validation.js';
import type { OpenAgreement } from './agreement.commands.js';
import type { AgreementEvent } from './agreement.events.js';
import { invalid } from './agreement.guards.js';
import type { AgreementState } from './agreement.state.js';

/**
 * Opening: a stakeholder opens an agreement for an AGREED assessment among at
 * least two parties (its own organization included) with a stakeholder-role
 * snapshot for each, under one policy profile version.
 */
export function decideOpenAgreement(command: OpenAgreement, state: AgreementState): AgreementEvent[] {
  const { actor } = command.metadata;
  const { agreementId, partyIds, partyRoles, assessment, policyProfile } = command.data;
  if (!isStakeholderActor(actor)) throw new DomainError('AGREEMENT.FORBIDDEN', 'Only stakeholders open agreements');
  if (state.status !== 'NONE') {
    throw new DomainError('AGREEMENT.ALREADY_OPENED', `Agreement ${agreementId} exists`, { agreementId });
  }
  if (!isIdentifier(agreementId)) invalid('agreementId', 'is not a valid identifier');
  if (!assessment || !isIdentifier(assessment.id) || !isIdentifier(assessment.useCaseId)) {
    invalid('assessment', 'must name the assessment and its use case');
  }
  if (assessment.status !== 'AGREED' || !isCategory(assessment.category)) {
    throw new DomainError('AGREEMENT.ASSESSMENT_NOT_AGREED', `Assessment ${assessment.id} has no agreed category`, {
      assessmentId: assessment.id,
    });
  }
  if (!Number.isInteger(assessment.revision) || assessment.revision < 1) invalid('assessment.revision', 'must be a revision number');
  if (!Array.isArray(partyIds) || !partyIds.every(isIdentifier)) invalid('partyIds', 'must be organization ids');
  const parties = distinct([actor.organizationId, ...partyIds]);
  if (parties.length < 2) invalid('partyIds', 'an agreement needs at least two parties');
  const roles: Record<string, StakeholderRole[]> = {};
  for (const party of parties) {
    const held = partyRoles?.[party];
    if (!Array.isArray(held) || held.length === 0 || !held.every(isStakeholderRole)) {
      invalid(`partyRoles.${party}`, 'every party needs its stakeholder roles');
    }
    roles[party] = distinct(held);
  }
  if (!policyProfile || !isIdentifier(policyProfile.id)) invalid('policyProfile.id', 'is required');
  if (!Number.isInteger(policyProfile.version) || policyProfile.version < 1) invalid('policyProfile.version', 'must be a version number');
  const issues = perspectiveRequirementIssues(policyProfile.requirements, 'policyProfile.requirements');
  if (issues.length > 0) invalid('policyProfile.requirements', issues[0]);
  return [
    {
      type: 'AgreementOpened',
      data: {
        agreementId,
        assessmentId: assessment.id,
        useCaseId: assessment.useCaseId,
        assessmentRevision: assessment.revision,
        category: { recovery: assessment.category.recovery, economic: assessment.category.economic },
        parties,
        partyRoles: roles,
        policyProfile: { id: policyProfile.id, version: policyProfile.version },
        requirements: copyRequirements(policyProfile.requirements),
        openedBy: actor.organizationId,
      },
    },
  ];
}
