// Test support: the state the access matrix probes, built once through HTTP with real tokens.
import { defaultPolicyCells } from '@app/domain';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../../src/infrastructure/storage.module.js';
import { streamOf, type AggregateKind } from '../../src/application/streams.js';
import { DEMO_ORGANIZATIONS, IMPACTS, REGISTER_ORGANIZATION } from './demo-consortium.js';
import type { GraphqlResponse, TestServer } from './test-server.js';

export const ADMIN = 'consortium-admin';
export const ACME = 'acme-devices';
export const METRO = 'metro-operations';
export const HARBOR = 'harbor-insurance';
export const CLOUDLINE = 'cloudline-services';
export const TRUST = 'trust-labs';
export const AUDITOR = 'audit-office';
export const ROGUE = 'rogue-devices';

/** Every demo client of the realm, in the order the matrix lists them. */
export const CLIENTS = [ADMIN, ACME, METRO, HARBOR, CLOUDLINE, TRUST, AUDITOR, ROGUE] as const;
export type Client = (typeof CLIENTS)[number];

/** Registered, active organizations whose people hold a stakeholder role: the only ones that may act as participants or parties. */
export const ACTIVE_STAKEHOLDERS: readonly Client[] = [ACME, METRO, HARBOR, TRUST];

/** The `org_id` each client's token carries (the realm file's mapping). */
export function organizationOf(client: Client): string {
  return client === ADMIN ? 'consortium' : client;
}

/** Auditors and consortium admins see every detail. */
export function seesEverything(client: Client): boolean {
  return client === ADMIN || client === AUDITOR;
}

/** A time after every event of the test: `asOf` it rebuilds the current state from the events (strongly consistent). */
const NOW_AND_LATER = '2999-12-31T00:00:00.000Z';

const LIMITED = { recovery: 'LIMITED', economic: 'LIMITED' } as const;
/** SOCIAL_SUPPORT is RECOMMENDED there (default profile), so its agreements show in socialSupportCoverage. */
const LIMITED_SERIOUS = { recovery: 'LIMITED', economic: 'SERIOUS' } as const;

/** The default profile's cells as GraphQL input. */
export function policyCellsInput() {
  return defaultPolicyCells().map((cell) => ({
    recovery: cell.recovery,
    economic: cell.economic,
    perspectives: Object.entries(cell.perspectives).map(([perspective, { level, minimumMethod }]) => ({ perspective, level, minimumMethod })),
  }));
}

/** Terms that satisfy the default profile in LIMITED/LIMITED and LIMITED/SERIOUS: one self-declared clause. */
export function declarationTerms(responsiblePartyId: string, title = 'Secure development') {
  return [
    {
      perspective: 'BEFORE_OPERATION',
      title,
      text: 'The device is developed following ETSI EN 303 645.',
      responsiblePartyId,
      confirmation: { method: 'SELF_DECLARATION' },
      references: ['isoc-security-across-lifecycle'],
    },
  ];
}

export const ASSESSMENT_CONTENT = { impacts: IMPACTS, rationale: 'Rated for the access matrix.' };

export const M = {
  registerOrganization: `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
  changeOrganizationRoles: `mutation($input: ChangeOrganizationRolesInput!) { changeOrganizationRoles(input: $input) { id } }`,
  deactivateOrganization: `mutation($input: DeactivateOrganizationInput!) { deactivateOrganization(input: $input) { id } }`,
  definePolicyProfile: `mutation($input: DefinePolicyProfileInput!) { definePolicyProfile(input: $input) { id } }`,
  revisePolicyProfile: `mutation($input: RevisePolicyProfileInput!) { revisePolicyProfile(input: $input) { id } }`,
  registerUseCase: `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id } }`,
  reviseUseCase: `mutation($input: ReviseUseCaseInput!) { reviseUseCase(input: $input) { id } }`,
  retireUseCase: `mutation($input: RetireUseCaseInput!) { retireUseCase(input: $input) { id } }`,
  openAssessment: `mutation($input: OpenAssessmentInput!) { openAssessment(input: $input) { id revision } }`,
  proposeAssessment: `mutation($input: ProposeAssessmentInput!) { proposeAssessment(input: $input) { id revision } }`,
  challengeAssessment: `mutation($input: ChallengeAssessmentInput!) { challengeAssessment(input: $input) { id revision } }`,
  endorseAssessment: `mutation($input: EndorseAssessmentInput!) { endorseAssessment(input: $input) { id status revision } }`,
  reopenAssessment: `mutation($input: ReopenAssessmentInput!) { reopenAssessment(input: $input) { id status revision } }`,
  openAgreement: `mutation($input: OpenAgreementInput!) { openAgreement(input: $input) { id } }`,
  proposeTerms: `mutation($input: ProposeTermsInput!) { proposeTerms(input: $input) { id status currentTerms { version digest } } }`,
  signOff: `mutation($input: SignOffInput!) { signOff(input: $input) { id status } }`,
  rejectTerms: `mutation($input: RejectTermsInput!) { rejectTerms(input: $input) { id } }`,
  withdrawFromAgreement: `mutation($input: WithdrawFromAgreementInput!) { withdrawFromAgreement(input: $input) { id } }`,
  proposeTermination: `mutation($input: ProposeTerminationInput!) { proposeTermination(input: $input) { id } }`,
  signTermination: `mutation($input: SignTerminationInput!) { signTermination(input: $input) { id } }`,
  rejectTermination: `mutation($input: RejectTerminationInput!) { rejectTermination(input: $input) { id } }`,
} as const;

/** The fixtures, by the role they play in the matrix. Fixed ids: every server of the matrix has a database of its own. */
export const FIXTURES = {
  /** Registered for the admin's allowed cases, and as the victim of denied ones. */
  victimOrganization: 'mx-victim',
  rolesTarget: 'mx-roles-allow',
  deactivationTarget: 'mx-deactivate-allow',
  profile: 'mx-profile',
  profileForAdmin: 'mx-profile-allow',
  baseUseCase: 'uc-base',
  /** OPEN, participants: acme (opener), metro, harbor, trust, rogue, audit-office. */
  openAssessment: 'asm-all',
  openAssessmentAM: 'asm-open-am',
  openAssessmentHT: 'asm-open-ht',
  /** AGREED in LIMITED/SERIOUS between acme and metro, and between harbor and trust. */
  agreedAM: 'asm-am',
  agreedHT: 'asm-ht',
  /** AGREED in LIMITED/LIMITED among acme, metro, harbor, trust and rogue: the agreements' assessment. */
  agreedMain: 'asm-main',
  /** NEGOTIATING agreements among acme, metro, harbor, trust, rogue and audit-office, one per operation. */
  propose: 'agr-propose',
  sign: 'agr-sign',
  reject: 'agr-reject',
  withdraw: 'agr-withdraw',
  /** Versions 1 and 2, for reads, time travel and termsDiff. */
  read: 'agr-read',
  subscribe: 'agr-subscribe',
  /** NEGOTIATING with versions 1 and 2 (acme + metro on asm-am, harbor + trust on asm-ht). */
  negotiatingAM: 'agr-am',
  negotiatingHT: 'agr-ht',
  concludedAM: 'agr-am-concluded',
  concludedHT: 'agr-ht-concluded',
  pendingTerminationAM: 'agr-am-termination',
  pendingTerminationHT: 'agr-ht-termination',
  rogueConcluded: 'agr-rogue-concluded',
  roguePendingTermination: 'agr-rogue-termination',
} as const;

export const ownedUseCase = (client: Client) => `uc-owned-${client}`;
export const retirableUseCase = (client: Client) => `uc-retire-${client}`;
export const sharedUseCase = (client: Client) => `uc-shared-${client}`;
export const reopenableAssessment = (client: Client) => `asm-reopen-${client}`;
export const terminableAgreement = (client: Client) => `agr-terminate-${client}`;
export const signableTermination = (client: Client) => `agr-sign-termination-${client}`;
export const rejectableTermination = (client: Client) => `agr-reject-termination-${client}`;

type Call = (query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse>;

/** What a command would have left behind: the global head, its stream, and (for assessments and agreements) the auditor's history. */
export interface RecordSnapshot {
  /** Every event committed to the log, counted in the table: unlike the readers' head, not held back by transactions still running. */
  eventsInLog: number;
  streamLength: number;
  historyLength: number | null;
}

/** The scenario's server, its clients and the reads the matrix needs. */
export class AccessScenario {
  readonly store: EventStore;
  readonly database: SqlDatabase;
  /** Parties of each fixture agreement when it was built (for leak checks of list reads). */
  readonly partiesOf = new Map<string, string[]>();
  rogueActedWhileActive = false;
  private lastToken: string | undefined;

  constructor(readonly server: TestServer) {
    this.store = server.app.get<symbol, EventStore>(EVENT_STORE, { strict: false });
    this.database = server.app.get<symbol, SqlDatabase>(SQL_DATABASE, { strict: false });
  }

  as(client: Client): Call {
    return this.server.as(client);
  }

  /** A step of the set-up: fails loudly on any error. */
  // oxlint-disable-next-line typescript/no-explicit-any -- set-up reads nested response data freely
  async must(client: Client, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
    const response = await this.as(client)(query, variables);
    if (response.errors?.length || !response.data) throw new Error(`set-up as ${client} failed: ${JSON.stringify(response.errors)}`);
    const token = response.extensions?.consistencyToken;
    if (typeof token === 'string') this.lastToken = token;
    return response.data;
  }

  /** Current revision and status of an assessment, folded from its events by the auditor. */
  async assessmentNow(id: string): Promise<{ revision: number; status: string }> {
    const data = await this.must(AUDITOR, `query($id: ID!, $asOf: DateTime!) { assessment(id: $id, asOf: $asOf) { revision status } }`, { id, asOf: NOW_AND_LATER });
    return data.assessment;
  }

  /** Current version, digest and status of an agreement, folded from its events by the auditor. */
  async agreementNow(id: string): Promise<{ version: number; digest: string; status: string }> {
    const data = await this.must(AUDITOR, `query($id: ID!, $asOf: DateTime!) { agreement(id: $id, asOf: $asOf) { status latestVersion currentTerms { version digest } } }`, {
      id,
      asOf: NOW_AND_LATER,
    });
    const { status, latestVersion, currentTerms } = data.agreement;
    return { status, version: currentTerms?.version ?? latestVersion, digest: currentTerms?.digest ?? '' };
  }

  async snapshot(kind: AggregateKind, id: string): Promise<RecordSnapshot> {
    const { rows } = await this.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    const streamLength = (await this.store.readStream(streamOf(kind, id))).length;
    let historyLength: number | null = null;
    if ((kind === 'assessment' || kind === 'agreement') && streamLength > 0) {
      const data = await this.must(AUDITOR, `query($id: ID!) { history(id: $id) { revision } }`, { id });
      historyLength = data.history.length;
    }
    return { eventsInLog: rows[0].n, streamLength, historyLength };
  }

  /** Waits until the read models include every set-up command. */
  async catchUp(): Promise<void> {
    await this.must(ADMIN, `query($token: String) { agreements(first: 1, consistencyToken: $token) { totalCount } }`, { token: this.lastToken });
  }

  // ---- set-up steps -------------------------------------------------------------------------

  async registerOrganization(id: string, roles: string[]): Promise<void> {
    await this.must(ADMIN, REGISTER_ORGANIZATION, { input: { id, name: id, roles } });
  }

  async registerUseCase(id: string, by: Client): Promise<void> {
    await this.must(by, M.registerUseCase, {
      input: {
        id,
        name: `Camera ${id}`,
        unit: 'DEVICE',
        domain: 'CONSUMER',
        formOfUse: { environment: 'office', role: 'door camera', userSkills: 'none' },
        description: 'A networked camera in the access matrix.',
      },
    });
  }

  async openAssessment(id: string, by: Client, participants: string[], category?: { recovery: string; economic: string }): Promise<void> {
    await this.must(by, M.openAssessment, { input: { id, useCaseId: FIXTURES.baseUseCase, participantIds: participants } });
    await this.must(by, M.proposeAssessment, { input: { assessmentId: id, ...(category ?? LIMITED), ...ASSESSMENT_CONTENT } });
  }

  async agreeAssessment(id: string, by: Client, participants: Client[], category: { recovery: string; economic: string }): Promise<void> {
    await this.openAssessment(id, by, participants, category);
    for (const participant of [by, ...participants]) await this.must(participant, M.endorseAssessment, { input: { assessmentId: id, revision: 1 } });
  }

  /** Opens an agreement and proposes version 1 (the opener responsible); returns the digest of version 1. */
  async openAgreement(id: string, by: Client, assessmentId: string, parties: Client[]): Promise<string> {
    await this.must(by, M.openAgreement, { input: { id, assessmentId, partyIds: parties } });
    this.partiesOf.set(id, [by, ...parties]);
    const proposed = await this.must(by, M.proposeTerms, { input: { agreementId: id, baseVersion: 0, clauses: declarationTerms(by) } });
    return proposed.proposeTerms.currentTerms.digest;
  }

  async concludeAgreement(id: string, by: Client, assessmentId: string, parties: Client[]): Promise<void> {
    const digest = await this.openAgreement(id, by, assessmentId, parties);
    for (const party of [by, ...parties]) await this.must(party, M.signOff, { input: { agreementId: id, version: 1, digest } });
  }

  async proposeTermination(id: string, by: Client): Promise<void> {
    await this.must(by, M.proposeTermination, { input: { agreementId: id, reason: 'The product is discontinued.' } });
  }
}

/**
 * Builds everything the matrix probes: every demo organization but cloudline-services registered
 * (audit-office too, as a CERTIFIER, so an auditor's refusals come from its role and not from an
 * unknown organization), use cases, assessments and agreements in every state an operation needs,
 * and rogue-devices deactivated last, after it took part.
 */
export async function buildAccessScenario(server: TestServer): Promise<AccessScenario> {
  const s = new AccessScenario(server);
  for (const organization of DEMO_ORGANIZATIONS) {
    if (organization.id !== CLOUDLINE) await s.registerOrganization(organization.id, [...organization.roles]);
  }
  await s.registerOrganization(AUDITOR, ['CERTIFIER']);
  for (const id of [FIXTURES.victimOrganization, FIXTURES.rolesTarget, FIXTURES.deactivationTarget]) await s.registerOrganization(id, ['OPERATOR']);
  for (const id of [FIXTURES.profile, FIXTURES.profileForAdmin]) {
    await s.must(ADMIN, M.definePolicyProfile, { input: { id, name: id, description: 'Access matrix profile', cells: policyCellsInput() } });
  }

  await s.registerUseCase(FIXTURES.baseUseCase, ACME);
  for (const owner of [ACME, METRO, HARBOR, TRUST, ROGUE] as const) {
    await s.registerUseCase(ownedUseCase(owner), owner);
    await s.registerUseCase(retirableUseCase(owner), owner);
  }
  await s.registerUseCase(retirableUseCase(ADMIN), ACME);
  await s.registerUseCase(sharedUseCase(ACME), ACME);
  await s.registerUseCase(sharedUseCase(METRO), METRO);

  await s.openAssessment(FIXTURES.openAssessment, ACME, [METRO, HARBOR, TRUST, ROGUE, AUDITOR]);
  await s.openAssessment(FIXTURES.openAssessmentAM, ACME, [METRO]);
  await s.openAssessment(FIXTURES.openAssessmentHT, HARBOR, [TRUST]);
  for (const [owner, partner] of [[ACME, METRO], [METRO, ACME], [HARBOR, ACME], [TRUST, ACME], [ROGUE, ACME]] as const) {
    await s.agreeAssessment(reopenableAssessment(owner), owner, [partner], LIMITED);
  }
  await s.agreeAssessment(FIXTURES.agreedAM, ACME, [METRO], LIMITED_SERIOUS);
  await s.agreeAssessment(FIXTURES.agreedHT, HARBOR, [TRUST], LIMITED_SERIOUS);
  await s.agreeAssessment(FIXTURES.agreedMain, ACME, [METRO, HARBOR, TRUST, ROGUE], LIMITED);

  const everyone: Client[] = [METRO, HARBOR, TRUST, ROGUE, AUDITOR];
  for (const id of [FIXTURES.propose, FIXTURES.sign, FIXTURES.reject, FIXTURES.withdraw, FIXTURES.read, FIXTURES.subscribe]) {
    await s.openAgreement(id, ACME, FIXTURES.agreedMain, everyone);
  }
  await s.must(METRO, M.proposeTerms, { input: { agreementId: FIXTURES.read, baseVersion: 1, clauses: [...declarationTerms(ACME), ...declarationTerms(METRO, 'Secure operation')] } });
  for (const [id, by, assessment, partner] of [
    [FIXTURES.negotiatingAM, ACME, FIXTURES.agreedAM, METRO],
    [FIXTURES.negotiatingHT, HARBOR, FIXTURES.agreedHT, TRUST],
  ] as const) {
    await s.openAgreement(id, by, assessment, [partner]);
    await s.must(partner, M.proposeTerms, { input: { agreementId: id, baseVersion: 1, clauses: [...declarationTerms(by), ...declarationTerms(partner, 'Secure operation')] } });
  }

  const fourParties: Client[] = [METRO, HARBOR, TRUST];
  for (const client of ACTIVE_STAKEHOLDERS) {
    await s.concludeAgreement(terminableAgreement(client), ACME, FIXTURES.agreedMain, fourParties);
    for (const id of [signableTermination(client), rejectableTermination(client)]) {
      await s.concludeAgreement(id, ACME, FIXTURES.agreedMain, fourParties);
      await s.proposeTermination(id, ACME);
    }
  }
  await s.concludeAgreement(FIXTURES.rogueConcluded, ACME, FIXTURES.agreedMain, [ROGUE]);
  await s.concludeAgreement(FIXTURES.roguePendingTermination, ACME, FIXTURES.agreedMain, [ROGUE]);
  await s.proposeTermination(FIXTURES.roguePendingTermination, ACME);
  for (const [concluded, pending, by, assessment, partner] of [
    [FIXTURES.concludedAM, FIXTURES.pendingTerminationAM, ACME, FIXTURES.agreedAM, METRO],
    [FIXTURES.concludedHT, FIXTURES.pendingTerminationHT, HARBOR, FIXTURES.agreedHT, TRUST],
  ] as const) {
    await s.concludeAgreement(concluded, by, assessment, [partner]);
    await s.concludeAgreement(pending, by, assessment, [partner]);
    await s.proposeTermination(pending, by);
  }

  // rogue-devices takes part while active (control), then the consortium deactivates it.
  await s.must(ROGUE, M.proposeAssessment, { input: { assessmentId: FIXTURES.openAssessment, recovery: 'LIMITED', economic: 'SERIOUS', ...ASSESSMENT_CONTENT } });
  s.rogueActedWhileActive = true;
  await s.must(ADMIN, M.deactivateOrganization, { input: { organizationId: ROGUE, reason: 'Breach of the consortium rules' } });
  await s.catchUp();
  return s;
}
