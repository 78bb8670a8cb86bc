/** How the edge should treat a refusal (maps to GraphQL `extensions.code`). */
export type DomainErrorKind = 'validation' | 'forbidden' | 'not_found' | 'conflict' | 'business_rule';

interface ErrorCodeSpec {
  kind: DomainErrorKind;
  description: string;
}

/**
 * Every stable error code the domain can raise, with its kind. This is the one
 * list the API documents; a code's kind never changes once published.
 */
export const DOMAIN_ERROR_CODES = {
  'COMMAND.UNKNOWN': { kind: 'validation', description: 'The command type is not handled by this aggregate.' },

  'ORGANIZATION.FORBIDDEN': { kind: 'forbidden', description: 'Only consortium admins manage organizations.' },
  'ORGANIZATION.INVALID': { kind: 'validation', description: 'Organization data is malformed (id, name or roles).' },
  'ORGANIZATION.ALREADY_REGISTERED': { kind: 'conflict', description: 'An organization with this id exists.' },
  'ORGANIZATION.NOT_FOUND': { kind: 'not_found', description: 'No organization with this id.' },
  'ORGANIZATION.DEACTIVATED': { kind: 'business_rule', description: 'The organization is deactivated.' },

  'USE_CASE.FORBIDDEN': {
    kind: 'forbidden',
    description: 'Only stakeholders or consortium admins register use cases; only the registering organization or an admin changes one.',
  },
  'USE_CASE.INVALID': { kind: 'validation', description: 'Use case data is malformed.' },
  'USE_CASE.ALREADY_REGISTERED': { kind: 'conflict', description: 'A use case with this id exists.' },
  'USE_CASE.NOT_FOUND': { kind: 'not_found', description: 'No use case with this id.' },
  'USE_CASE.RETIRED': { kind: 'business_rule', description: 'The use case is retired.' },

  'ASSESSMENT.FORBIDDEN': { kind: 'forbidden', description: 'Only stakeholders open assessments.' },
  'ASSESSMENT.NOT_PARTICIPANT': { kind: 'forbidden', description: 'Only participants act on an assessment.' },
  'ASSESSMENT.INVALID': { kind: 'validation', description: 'Assessment data is malformed.' },
  'ASSESSMENT.ALREADY_OPENED': { kind: 'conflict', description: 'An assessment with this id exists.' },
  'ASSESSMENT.NOT_FOUND': { kind: 'not_found', description: 'No assessment with this id.' },
  'ASSESSMENT.INVALID_STATUS': { kind: 'business_rule', description: 'The command is not allowed in the current status.' },
  'ASSESSMENT.REVISION_STALE': {
    kind: 'conflict',
    description: 'The named revision is not the current one (details.currentRevision).',
  },

  'AGREEMENT.FORBIDDEN': { kind: 'forbidden', description: 'The actor may not perform this command (role).' },
  'AGREEMENT.NOT_PARTY': { kind: 'forbidden', description: 'Only parties act on an agreement.' },
  'AGREEMENT.INVALID': { kind: 'validation', description: 'Agreement data is malformed.' },
  'AGREEMENT.INVALID_CLAUSE': {
    kind: 'validation',
    description: 'A clause is invalid (details.issues: clauseIndex, field, reason).',
  },
  'AGREEMENT.ALREADY_OPENED': { kind: 'conflict', description: 'An agreement with this id exists.' },
  'AGREEMENT.NOT_FOUND': { kind: 'not_found', description: 'No agreement with this id.' },
  'AGREEMENT.ASSESSMENT_NOT_AGREED': { kind: 'business_rule', description: 'The assessment has no agreed category.' },
  'AGREEMENT.ASSESSMENT_MISMATCH': { kind: 'validation', description: 'The command names another assessment.' },
  'AGREEMENT.INVALID_STATUS': { kind: 'business_rule', description: 'The command is not allowed in the current status.' },
  'AGREEMENT.VERSION_SUPERSEDED': {
    kind: 'conflict',
    description: 'The named version is not the current one (details.currentVersion).',
  },
  'AGREEMENT.DIGEST_MISMATCH': { kind: 'validation', description: 'The digest does not match the terms of that version.' },
  'AGREEMENT.POLICY_CHECK_FAILED': {
    kind: 'business_rule',
    description: 'The terms do not satisfy the policy check (details.missing: perspectives).',
  },
  'AGREEMENT.TERMS_NAME_NON_PARTY': {
    kind: 'business_rule',
    description: 'The terms name an organization that is no longer a party; propose new terms.',
  },
  'AGREEMENT.ALREADY_SIGNED': { kind: 'business_rule', description: 'The party already signed this version.' },
  'AGREEMENT.TERMINATION_PENDING': { kind: 'conflict', description: 'A termination is already proposed.' },
  'AGREEMENT.NO_TERMINATION_PROPOSED': { kind: 'business_rule', description: 'No termination is proposed.' },

  'POLICY_PROFILE.FORBIDDEN': { kind: 'forbidden', description: 'Only consortium admins maintain policy profiles.' },
  'POLICY_PROFILE.INVALID': { kind: 'validation', description: 'The profile or its requirements are malformed.' },
  'POLICY_PROFILE.ALREADY_DEFINED': { kind: 'conflict', description: 'A profile with this id exists.' },
  'POLICY_PROFILE.NOT_FOUND': { kind: 'not_found', description: 'No profile with this id.' },
  'POLICY_PROFILE.VERSION_SUPERSEDED': {
    kind: 'conflict',
    description: 'The revision builds on a version that is not the current one (details.currentVersion).',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES;

/** The codes as a list, for documentation endpoints. */
export const DOMAIN_ERROR_CODE_LIST: ReadonlyArray<{ code: DomainErrorCode } & ErrorCodeSpec> = (
  Object.keys(DOMAIN_ERROR_CODES) as DomainErrorCode[]
).map((code) => ({ code, ...DOMAIN_ERROR_CODES[code] }));

/** The kind a code was published with. */
export function kindOf(code: DomainErrorCode): DomainErrorKind {
  return DOMAIN_ERROR_CODES[code].kind;
}
