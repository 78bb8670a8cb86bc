// Test support: a realistic negotiation, told step by step so specs can look at the read models in between.
import { defaultPolicyCells, type ClauseInput } from '@app/domain';
import type { CommandScenario } from './command-scenario.js';

export const ACME = 'acme-devices';
export const METRO = 'metro-operations';
export const HARBOR = 'harbor-insurance';
export const TRUST = 'trust-labs';
export const CLOUDLINE = 'cloudline-services';
export const ROGUE = 'rogue-devices';

const impacts = [{ area: 'LIFE_AND_BODY', axis: 'RECOVERY', description: 'A missed alarm delays care.' }];

export const HOSPITAL_TERMS_V1: ClauseInput[] = [
  {
    perspective: 'BEFORE_OPERATION',
    title: 'Certified device',
    text: 'The camera is certified before delivery.',
    responsiblePartyId: ACME,
    confirmation: { method: 'THIRD_PARTY_CERTIFICATION', confirmingPartyId: TRUST },
    references: ['isoc-security-across-lifecycle'],
  },
  {
    perspective: 'DURING_OPERATION',
    title: 'Periodic inspection',
    text: 'The operator inspects the cameras every quarter.',
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
];

export const INSURANCE: ClauseInput = {
  perspective: 'SOCIAL_SUPPORT',
  title: 'Liability insurance',
  text: 'Liability insurance covers harm to patients.',
  responsiblePartyId: HARBOR,
  confirmation: { method: 'INSURANCE_POLICY' },
  references: [],
  coverage: { amount: 5_000_000, currency: 'EUR' },
};

export const HOSPITAL_TERMS_V2 = [...HOSPITAL_TERMS_V1, INSURANCE];
export const HOSPITAL_TERMS_V3: ClauseInput[] = [
  { ...HOSPITAL_TERMS_V1[0], references: ['isoc-security-across-lifecycle', 'isoc-secure-software-update'] },
  { ...HOSPITAL_TERMS_V1[1], text: 'The operator inspects the cameras every month.', confirmation: { method: 'SELF_INSPECTION', frequency: 'monthly' } },
  HOSPITAL_TERMS_V1[2],
  INSURANCE,
];

export const DECLARATION: ClauseInput = {
  perspective: 'BEFORE_OPERATION',
  title: 'Secure development',
  text: 'The camera is developed following ETSI EN 303 645.',
  responsiblePartyId: ACME,
  confirmation: { method: 'SELF_DECLARATION' },
  references: ['isoc-security-across-lifecycle'],
};

/**
 * Organizations, the default profile, and one camera in two forms of use (home, hospital).
 * `defaultProfile: false` leaves out the profile, for a service that defines it itself at bootstrap.
 */
export async function setUp(s: CommandScenario, { defaultProfile = true }: { defaultProfile?: boolean } = {}): Promise<void> {
  await s.registerOrganization(ACME, ['MANUFACTURER']);
  await s.registerOrganization(METRO, ['OPERATOR']);
  await s.registerOrganization(HARBOR, ['INSURER']);
  await s.registerOrganization(TRUST, ['CERTIFIER']);
  await s.registerOrganization(CLOUDLINE, ['SERVICE_PROVIDER']);
  await s.registerOrganization(ROGUE, ['MANUFACTURER']);
  if (defaultProfile) {
    await s.run('policyProfile', 'default', 'DefinePolicyProfile', { profileId: 'default', name: 'Default', description: 'Illustrative', cells: defaultPolicyCells() }, 'consortium');
  }
  const camera = { name: 'Camera C1', unit: 'DEVICE', description: 'A networked camera.' };
  await s.run('useCase', 'uc-home', 'RegisterUseCase', { useCaseId: 'uc-home', ...camera, domain: 'CONSUMER', formOfUse: { environment: 'home', role: 'doorbell', userSkills: 'none' } }, ACME);
  await s.run('useCase', 'uc-hospital', 'RegisterUseCase', { useCaseId: 'uc-hospital', ...camera, domain: 'MEDICAL', formOfUse: { environment: 'hospital ward', role: 'patient monitoring', userSkills: 'trained nurses' } }, ACME);
}

/** Hospital: proposed SERIOUS/SERIOUS, challenged, revised to SEVERE/CATASTROPHIC, endorsed by all. */
export async function openHospitalAssessment(s: CommandScenario): Promise<void> {
  await s.assessment('asm-hospital', 'OpenAssessment', { useCaseId: 'uc-hospital', participantIds: [METRO, HARBOR] }, ACME);
  await s.assessment('asm-hospital', 'ProposeAssessmentRevision', { recovery: 'SERIOUS', economic: 'SERIOUS', impacts, rationale: 'Staff notice outages.' }, ACME);
}

export async function challengeHospitalAssessment(s: CommandScenario): Promise<void> {
  await s.assessment('asm-hospital', 'ChallengeAssessmentRevision', { revision: 1, recovery: 'SEVERE', economic: 'CATASTROPHIC', reason: 'Patients can die' }, METRO);
}

export async function agreeHospitalAssessment(s: CommandScenario): Promise<void> {
  await s.assessment('asm-hospital', 'ProposeAssessmentRevision', { recovery: 'SEVERE', economic: 'CATASTROPHIC', impacts, rationale: 'Life is at stake.' }, ACME);
  for (const org of [ACME, METRO, HARBOR]) await s.assessment('asm-hospital', 'EndorseAssessmentRevision', { revision: 2 }, org);
}

/** Home: LIMITED/SERIOUS, endorsed by both. */
export async function agreeHomeAssessment(s: CommandScenario): Promise<void> {
  await s.assessment('asm-home', 'OpenAssessment', { useCaseId: 'uc-home', participantIds: [METRO, CLOUDLINE] }, ACME);
  await s.assessment('asm-home', 'ProposeAssessmentRevision', { recovery: 'LIMITED', economic: 'SERIOUS', impacts, rationale: 'A doorbell.' }, ACME);
  for (const org of [ACME, METRO, CLOUDLINE]) await s.assessment('asm-home', 'EndorseAssessmentRevision', { revision: 1 }, org);
}

/** v1 lacks insurance (fails the check), harbor counter-proposes v2 with insurance. */
export async function negotiateHospital(s: CommandScenario): Promise<void> {
  await s.openAgreement('agr-hospital', 'asm-hospital', [METRO, HARBOR, TRUST], ACME);
  await s.agreement('agr-hospital', 'ProposeTerms', { baseVersion: 0, clauses: HOSPITAL_TERMS_V1 }, ACME);
}

export async function counterProposeHospital(s: CommandScenario): Promise<void> {
  await s.agreement('agr-hospital', 'ProposeTerms', { baseVersion: 1, clauses: HOSPITAL_TERMS_V2 }, HARBOR);
}

export async function concludeHospital(s: CommandScenario, version = 2): Promise<void> {
  for (const org of [ACME, METRO, HARBOR, TRUST]) {
    const decided = await s.signCurrent('agr-hospital', org);
    if (!decided.includes('AgreementSignedOff')) throw new Error(`sign-off of v${version} by ${org} decided nothing`);
  }
}

/** Amendment v3 concluded, then an amendment v4 proposed and withdrawn (v3 stays in force). */
export async function amendHospital(s: CommandScenario): Promise<void> {
  await s.agreement('agr-hospital', 'ProposeTerms', { baseVersion: 2, clauses: HOSPITAL_TERMS_V3 }, METRO);
  await concludeHospital(s, 3);
  await s.agreement('agr-hospital', 'ProposeTerms', { baseVersion: 3, clauses: HOSPITAL_TERMS_V1.concat(INSURANCE).slice(1).concat(HOSPITAL_TERMS_V3[0]) }, ACME);
  await s.agreement('agr-hospital', 'WithdrawFromAgreement', { reason: 'Not now' }, METRO);
}

/** Two home agreements: one rejected then withdrawn (closed), one still negotiating after cloudline left. */
export async function homeAgreements(s: CommandScenario): Promise<void> {
  await s.openAgreement('agr-home', 'asm-home', [METRO], ACME);
  await s.agreement('agr-home', 'ProposeTerms', { baseVersion: 0, clauses: [DECLARATION] }, ACME);
  await s.agreement('agr-home', 'RejectTerms', { version: 1, reason: 'Too vague' }, METRO);
}

export async function closeHomeAgreements(s: CommandScenario): Promise<void> {
  await s.agreement('agr-home', 'WithdrawFromAgreement', { reason: 'Product cancelled' }, METRO);
  await s.openAgreement('agr-home-2', 'asm-home', [METRO, CLOUDLINE], ACME);
  await s.agreement('agr-home-2', 'ProposeTerms', { baseVersion: 0, clauses: [DECLARATION] }, ACME);
  await s.agreement('agr-home-2', 'WithdrawFromAgreement', { reason: 'Out of scope' }, CLOUDLINE);
}

/** The whole story in one go. */
export async function fullNegotiation(s: CommandScenario, options: { defaultProfile?: boolean } = {}): Promise<void> {
  await setUp(s, options);
  await openHospitalAssessment(s);
  await challengeHospitalAssessment(s);
  await agreeHospitalAssessment(s);
  await agreeHomeAssessment(s);
  await negotiateHospital(s);
  await counterProposeHospital(s);
  await concludeHospital(s);
  await amendHospital(s);
  await homeAgreements(s);
  await closeHomeAgreements(s);
}
