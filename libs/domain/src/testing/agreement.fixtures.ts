// Command builders for agreement specs (test support).
import type {
  MarkForReview,
  OpenAgreement,
  ProposeTerms,
  RejectTerms,
  SignOff,
  WithdrawFromAgreement,
} from '../agreement/agreement.commands.js';
import type { Category } from '../category/category.js';
import { defaultRequirements } from '../policy-profile/default-policy-profile.js';
import type { ClauseInput } from '../terms/clause.js';
import { termsDigest } from '../terms/terms-digest.js';
import { ACME, by, HARBOR, LOW, METRO, NOW, PARTY_ROLES, TRUST } from './fixtures.js';

export const AGREEMENT_ID = 'agr-1';
export const ASSESSMENT_ID = 'asm-1';

export function openAgreement(
  options: { opener?: string; parties?: string[]; category?: Category; now?: string } = {},
): OpenAgreement {
  const opener = options.opener ?? ACME;
  const parties = options.parties ?? [ACME, METRO];
  const category = options.category ?? LOW;
  return {
    type: 'OpenAgreement',
    data: {
      agreementId: AGREEMENT_ID,
      partyIds: parties,
      partyRoles: Object.fromEntries([opener, ...parties].map((p) => [p, PARTY_ROLES[p] ?? ['OPERATOR']])),
      assessment: { id: ASSESSMENT_ID, useCaseId: 'uc-1', status: 'AGREED', revision: 1, category },
      policyProfile: { id: 'default', version: 1, requirements: defaultRequirements(category) },
    },
    metadata: by(opener, options.now ?? NOW),
  };
}

/** A clause that covers BEFORE_OPERATION in low categories. */
export function declaration(responsible = ACME, title = 'Secure development'): ClauseInput {
  return {
    perspective: 'BEFORE_OPERATION',
    title,
    text: 'The device is developed following ETSI EN 303 645.',
    responsiblePartyId: responsible,
    confirmation: { method: 'SELF_DECLARATION' },
    references: ['etsi-en-303-645'],
  };
}

/** Terms satisfying every perspective of SEVERE/CATASTROPHIC under the default profile (four parties). */
export function fullTerms(): ClauseInput[] {
  return [
    {
      perspective: 'BEFORE_OPERATION',
      title: 'Certified device',
      text: 'The device is certified before delivery.',
      responsiblePartyId: ACME,
      confirmation: { method: 'THIRD_PARTY_CERTIFICATION', confirmingPartyId: TRUST },
      references: [],
    },
    {
      perspective: 'DURING_OPERATION',
      title: 'Periodic inspection',
      text: 'The operator inspects the fleet every quarter.',
      responsiblePartyId: METRO,
      confirmation: { method: 'SELF_INSPECTION', frequency: 'quarterly' },
      references: [],
    },
    {
      perspective: 'OPERATOR_COMPETENCE',
      title: 'Licensed operators',
      text: 'Only licensed staff operate the system.',
      responsiblePartyId: METRO,
      confirmation: { method: 'LICENSE' },
      references: [],
    },
    {
      perspective: 'SOCIAL_SUPPORT',
      title: 'Liability insurance',
      text: 'Liability insurance covers harm to third parties.',
      responsiblePartyId: HARBOR,
      confirmation: { method: 'INSURANCE_POLICY' },
      references: [],
      coverage: { amount: 5_000_000, currency: 'EUR' },
    },
  ];
}

export function proposeTerms(org: string, baseVersion: number, clauses: ClauseInput[] = [declaration()], now = NOW): ProposeTerms {
  return { type: 'ProposeTerms', data: { agreementId: AGREEMENT_ID, baseVersion, clauses }, metadata: by(org, now) };
}

export function signOff(org: string, version: number, clauses: ClauseInput[] = [declaration()], now = NOW): SignOff {
  return { type: 'SignOff', data: { agreementId: AGREEMENT_ID, version, digest: termsDigest(clauses) }, metadata: by(org, now) };
}

export function rejectTerms(org: string, version: number, reason = 'Too vague'): RejectTerms {
  return { type: 'RejectTerms', data: { agreementId: AGREEMENT_ID, version, reason }, metadata: by(org) };
}

export function withdraw(org: string, reason = 'No longer involved'): WithdrawFromAgreement {
  return { type: 'WithdrawFromAgreement', data: { agreementId: AGREEMENT_ID, reason }, metadata: by(org) };
}

export function markForReview(newCategory: Category, org = 'consortium'): MarkForReview {
  return {
    type: 'MarkForReview',
    data: {
      agreementId: AGREEMENT_ID,
      assessmentId: ASSESSMENT_ID,
      assessmentRevision: 2,
      newCategory,
      requirements: defaultRequirements(newCategory),
    },
    metadata: by(org),
  };
}

export function proposeTermination(org: string, reason = 'Service discontinued') {
  return { type: 'ProposeTermination' as const, data: { agreementId: AGREEMENT_ID, reason }, metadata: by(org) };
}

export function signTermination(org: string) {
  return { type: 'SignTermination' as const, data: { agreementId: AGREEMENT_ID }, metadata: by(org) };
}

export function rejectTermination(org: string, reason = 'Still in service') {
  return { type: 'RejectTermination' as const, data: { agreementId: AGREEMENT_ID, reason }, metadata: by(org) };
}
