/**
 * The demo's story: a connected level-crossing camera by ACME Devices, used in two forms of use.
 * On a level crossing it spots obstacles and holds approaching trains (life at stake: SEVERE
 * recovery); on a station concourse it only counts people (privacy harm: SERIOUS recovery,
 * LIMITED economic impact). The same device lands in two categories (IoT-SSF 3-2-3).
 */

export const DEMO_ORGANIZATIONS = [
  { id: 'acme-devices', name: 'ACME Devices', roles: ['MANUFACTURER'] },
  { id: 'metro-operations', name: 'Metro Operations', roles: ['OPERATOR'] },
  { id: 'harbor-insurance', name: 'Harbor Insurance', roles: ['INSURER'] },
  { id: 'cloudline-services', name: 'Cloudline Services', roles: ['SERVICE_PROVIDER'] },
  { id: 'trust-labs', name: 'Trust Labs', roles: ['CERTIFIER'] },
] as const;

/** Every demo client the story uses (the auditor reads the audit trail). */
export const DEMO_CLIENTS = ['consortium-admin', ...DEMO_ORGANIZATIONS.map((organization) => organization.id), 'audit-office'] as const;

export function crossingUseCase(runId: string) {
  return {
    name: `Obstacle camera on a level crossing (${runId})`,
    unit: 'DEVICE',
    domain: 'TRANSPORTATION',
    formOfUse: {
      environment: 'Level crossing of a commuter line, outdoors, unattended',
      role: 'Detects obstacles on the crossing and holds approaching trains at the signal',
      userSkills: 'Licensed signalling staff; the public only passes by',
    },
    description: 'ACME LX-200 connected camera with on-device detection, linked to the interlocking through Cloudline.',
  };
}

export function concourseUseCase(runId: string) {
  return {
    name: `Crowd-counting camera on a station concourse (${runId})`,
    unit: 'DEVICE',
    domain: 'ENTERPRISE',
    formOfUse: {
      environment: 'Station concourse, indoors',
      role: 'Counts passers-by for staffing; no safety function',
      userSkills: 'Station staff reading a dashboard',
    },
    description: 'The same ACME LX-200 camera; only counts leave the device, analysed in the Cloudline service.',
  };
}

export const CROSSING_IMPACTS = [
  { area: 'LIFE_AND_BODY', axis: 'RECOVERY', description: 'A blinded or spoofed camera lets a train run into a vehicle stuck on the crossing.' },
  { area: 'ECONOMIC_ACTIVITY', axis: 'ECONOMIC', description: 'A tampered camera fleet stops trains at every crossing of the line.' },
];

export const CONCOURSE_IMPACTS = [
  { area: 'PRIVACY_AND_HONOR', axis: 'RECOVERY', description: 'Leaked footage identifies passengers; once revealed it cannot be withdrawn.' },
  { area: 'REPUTATION', axis: 'ECONOMIC', description: 'Complaints and rumours about surveillance; limited direct cost.' },
];

/** The first terms: every perspective but social support, which the crossing's category requires. */
export function crossingTerms(options: { withInsurance: boolean; monthlyInspection?: boolean }) {
  const clauses: Array<Record<string, unknown>> = [
    {
      perspective: 'BEFORE_OPERATION',
      title: 'Independent certification of the camera',
      text: 'Trust Labs certifies the LX-200 and its firmware against ETSI EN 303 645 before installation.',
      responsiblePartyId: 'acme-devices',
      confirmation: { method: 'THIRD_PARTY_CERTIFICATION', confirmingPartyId: 'trust-labs' },
      references: ['iot-ssf-third-party-certification', 'etsi-en-303-645-5-1', 'etsi-en-303-645-5-7'],
      servicePeriod: { from: '2026-04-01', until: '2033-03-31' },
    },
    {
      perspective: 'DURING_OPERATION',
      title: 'Security updates of the detection service',
      text: 'Cloudline applies security updates to the detection service and the camera link within 14 days of release.',
      responsiblePartyId: 'cloudline-services',
      confirmation: { method: 'SELF_INSPECTION', frequency: 'monthly' },
      references: ['etsi-en-303-645-5-3', 'nistir-8259a-software-update'],
    },
    {
      perspective: 'DURING_OPERATION',
      title: 'Periodic inspection at the crossing',
      text: options.monthlyInspection
        ? 'Metro inspects camera housing, firmware version and detection logs every month and after every firmware update.'
        : 'Metro inspects camera housing, firmware version and detection logs every quarter.',
      responsiblePartyId: 'metro-operations',
      confirmation: { method: 'SELF_INSPECTION', frequency: options.monthlyInspection ? 'monthly' : 'quarterly' },
      references: ['iot-ssf-periodic-self-inspection'],
    },
    {
      perspective: 'OPERATOR_COMPETENCE',
      title: 'Licensed signalling staff',
      text: 'Only licensed signalling staff configure the camera or override its holds.',
      responsiblePartyId: 'metro-operations',
      confirmation: { method: 'LICENSE' },
      references: ['iot-ssf-operator-license'],
    },
  ];
  if (options.withInsurance) {
    clauses.push({
      perspective: 'SOCIAL_SUPPORT',
      title: 'Liability insurance for crossing incidents',
      text: 'Harbor Insurance covers third-party damage from an incident caused by a compromised or failed camera.',
      responsiblePartyId: 'harbor-insurance',
      confirmation: { method: 'INSURANCE_POLICY' },
      references: ['iot-ssf-liability-insurance'],
      coverage: { amount: 300_000_000, currency: 'JPY' },
    });
  }
  return clauses;
}

const ASSESSMENT = `id status revision agreedCategory { recovery economic } openChallenges { challengedBy { id } reason }`;
const AGREEMENT = `id status latestVersion category { recovery economic }
  currentTerms { version digest clauses { perspective title responsibleParty { id } } }
  concludedTerms { version digest }
  signOffs { organization { id } version }
  policyCheck { satisfied missing }`;

export const OPERATIONS = {
  registerOrganization: `mutation RegisterOrganization($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
  registerUseCase: `mutation RegisterUseCase($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id name } }`,
  openAssessment: `mutation OpenAssessment($input: OpenAssessmentInput!) { openAssessment(input: $input) { ${ASSESSMENT} } }`,
  proposeAssessment: `mutation ProposeAssessment($input: ProposeAssessmentInput!) { proposeAssessment(input: $input) { ${ASSESSMENT} } }`,
  challengeAssessment: `mutation ChallengeAssessment($input: ChallengeAssessmentInput!) { challengeAssessment(input: $input) { ${ASSESSMENT} } }`,
  endorseAssessment: `mutation EndorseAssessment($input: EndorseAssessmentInput!) { endorseAssessment(input: $input) { ${ASSESSMENT} } }`,
  openAgreement: `mutation OpenAgreement($input: OpenAgreementInput!) { openAgreement(input: $input) { ${AGREEMENT} } }`,
  proposeTerms: `mutation ProposeTerms($input: ProposeTermsInput!) { proposeTerms(input: $input) { ${AGREEMENT} } }`,
  signOff: `mutation SignOff($input: SignOffInput!) { signOff(input: $input) { ${AGREEMENT} } }`,
  agreement: `query Agreement($id: ID!, $consistencyToken: String) { agreement(id: $id, consistencyToken: $consistencyToken) { ${AGREEMENT} } }`,
  termsDiff: `query TermsDiff($id: ID!, $from: Int!, $to: Int!) { termsDiff(agreementId: $id, from: $from, to: $to) {
    added { title } removed { title } changed { key fields } unchangedCount } }`,
  categoryMatrix: `query CategoryMatrix($consistencyToken: String) { categoryMatrix(consistencyToken: $consistencyToken) {
    recovery economic useCases assessmentsAgreed agreementsConcluded agreementsByStatus { status count } } }`,
  history: `query History($id: ID!) { history(id: $id) { revision type occurredAt actor { organizationId } hash previousHash } }`,
  verifyHistory: `query VerifyHistory($id: ID!) { verifyHistory(id: $id) { intact eventCount headHash firstBrokenRevision reason } }`,
} as const;
