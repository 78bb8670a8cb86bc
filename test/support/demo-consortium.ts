import type { ClauseInput } from '@app/domain';
import type { GraphqlResponse } from './test-server.js';

type Call = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse<T>>;

/** Runs an operation and fails with the errors when there are any: for steps that must succeed. */
// oxlint-disable-next-line typescript/no-explicit-any -- tests read nested response data freely
export async function ok<T = Record<string, any>>(call: Call, query: string, variables?: Record<string, unknown>): Promise<T & { consistencyToken?: string }> {
  const response = await call<T>(query, variables);
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  const data = (response.data ?? {}) as T & { consistencyToken?: string };
  data.consistencyToken = response.extensions?.consistencyToken as string | undefined;
  return data;
}

export const DEMO_ORGANIZATIONS = [
  { id: 'acme-devices', name: 'ACME Devices', roles: ['MANUFACTURER'] },
  { id: 'metro-operations', name: 'Metro Operations', roles: ['OPERATOR'] },
  { id: 'harbor-insurance', name: 'Harbor Insurance', roles: ['INSURER'] },
  { id: 'cloudline-services', name: 'Cloudline Services', roles: ['SERVICE_PROVIDER'] },
  { id: 'trust-labs', name: 'Trust Labs', roles: ['CERTIFIER'] },
  { id: 'rogue-devices', name: 'Rogue Devices', roles: ['MANUFACTURER'] },
] as const;

export const REGISTER_ORGANIZATION = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`;

export const REGISTER_USE_CASE = `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id name } }`;

export const ASSESSMENT_FIELDS = `id status revision participants { id } agreedCategory { recovery economic }
  currentRevision { revision recovery economic proposedBy { id } } endorsedBy { id } openChallenges { challengedBy { id } reason }`;

export const AGREEMENT_FIELDS = `id status category { recovery economic } parties { id } latestVersion
  currentTerms { version digest clauses { perspective title responsibleParty { id } confirmation { method confirmingParty { id } } coverage { amount currency } } }
  concludedTerms { version digest }
  signOffs { organization { id } version }
  policyCheck { satisfied missing }
  responsibilities { perspective party { id } }
  review { previousCategory { recovery economic } newCategory { recovery economic } }`;

export const OPEN_ASSESSMENT = `mutation($input: OpenAssessmentInput!) { openAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
export const PROPOSE_ASSESSMENT = `mutation($input: ProposeAssessmentInput!) { proposeAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
export const CHALLENGE_ASSESSMENT = `mutation($input: ChallengeAssessmentInput!) { challengeAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
export const ENDORSE_ASSESSMENT = `mutation($input: EndorseAssessmentInput!) { endorseAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
export const REOPEN_ASSESSMENT = `mutation($input: ReopenAssessmentInput!) { reopenAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
export const OPEN_AGREEMENT = `mutation($input: OpenAgreementInput!) { openAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const PROPOSE_TERMS = `mutation($input: ProposeTermsInput!) { proposeTerms(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const SIGN_OFF = `mutation($input: SignOffInput!) { signOff(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const REJECT_TERMS = `mutation($input: RejectTermsInput!) { rejectTerms(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const WITHDRAW = `mutation($input: WithdrawFromAgreementInput!) { withdrawFromAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;

export const IMPACTS = [
  { area: 'LIFE_AND_BODY', axis: 'RECOVERY', description: 'A wrong signal aspect can injure passengers.' },
  { area: 'ECONOMIC_ACTIVITY', axis: 'ECONOMIC', description: 'A line outage stops commuter traffic for hours.' },
];

/**
 * Terms for a SEVERE/SERIOUS rail gateway under the default profile, optionally with the
 * insurance clause; a non-zero `variant` rewords one clause (an amendment: the benchmarks use it).
 */
export function railTerms(withInsurance: boolean, variant = 0): ClauseInput[] {
  const clauses: ClauseInput[] = [
    {
      perspective: 'BEFORE_OPERATION',
      title: 'Third-party certification of the gateway',
      text: 'The gateway is certified against ETSI EN 303 645 before installation.',
      responsiblePartyId: 'acme-devices',
      confirmation: { method: 'THIRD_PARTY_CERTIFICATION', confirmingPartyId: 'trust-labs' },
      references: ['etsi-en-303-645-5-1', 'iot-ssf-third-party-certification'],
      servicePeriod: { from: '2026-01-01', until: '2031-12-31' },
    },
    {
      perspective: 'DURING_OPERATION',
      title: 'Quarterly self-inspection',
      text: variant === 0 ? 'The operator inspects firmware versions and logs every quarter.' : `The operator inspects firmware versions and logs (amendment ${variant}).`,
      responsiblePartyId: 'metro-operations',
      confirmation: { method: 'SELF_INSPECTION', frequency: 'quarterly' },
      references: ['iot-ssf-periodic-self-inspection'],
    },
    {
      perspective: 'OPERATOR_COMPETENCE',
      title: 'Licensed signalling operators',
      text: 'Only licensed staff operate and maintain the gateway.',
      responsiblePartyId: 'metro-operations',
      confirmation: { method: 'LICENSE' },
      references: ['iot-ssf-operator-license'],
    },
  ];
  if (withInsurance) {
    clauses.push({
      perspective: 'SOCIAL_SUPPORT',
      title: 'Liability insurance',
      text: 'Liability insurance covers damage caused by a compromised gateway.',
      responsiblePartyId: 'harbor-insurance',
      confirmation: { method: 'INSURANCE_POLICY' },
      references: ['iot-ssf-liability-insurance'],
      coverage: { amount: 500_000_000, currency: 'JPY' },
    });
  }
  return clauses;
}
