// Test support: the access matrix as a table, one case per operation x client x relation.
import type { AggregateKind } from '../../src/application/streams.js';
import {
  ACME,
  ACTIVE_STAKEHOLDERS,
  ADMIN,
  ASSESSMENT_CONTENT,
  AUDITOR,
  CLIENTS,
  CLOUDLINE,
  declarationTerms,
  FIXTURES,
  HARBOR,
  M,
  METRO,
  organizationOf,
  ownedUseCase,
  policyCellsInput,
  reopenableAssessment,
  rejectableTermination,
  retirableUseCase,
  ROGUE,
  seesEverything,
  sharedUseCase,
  signableTermination,
  terminableAgreement,
  TRUST,
  type AccessScenario,
  type Client,
} from './access-scenario.js';
import type { GraphqlResponse } from './test-server.js';
import { subscribeOnce, type SubscriptionOutcome } from './graphql-ws-client.js';

export type Relation = 'party' | 'non-party' | 'n/a';
export type Verdict = 'allow' | 'deny';

export interface AccessCase {
  name: string;
  operation: string;
  kind: 'query' | 'mutation' | 'subscription';
  client: Client;
  relation: Relation;
  expected: Verdict;
  /** Pinned `extensions.reason` of a refusal, where the rules name one. */
  reason?: string;
  run(s: AccessScenario): Promise<GraphqlResponse>;
  /** Where a mutation records: a refused one must leave it (and the whole log) unchanged; an allowed one must grow it. */
  recordsIn?: { kind: AggregateKind; id: string };
  /** Further checks of an allowed answer (what it must not reveal). */
  inspect?(response: GraphqlResponse, s: AccessScenario): string | null;
}

const PARTICIPANTS: readonly Client[] = [ACME, METRO, HARBOR, TRUST, ROGUE, AUDITOR];
const NON_ADMIN: readonly Client[] = CLIENTS.filter((client) => client !== ADMIN);
const pairedWithAcme = (client: Client) => client === ACME || client === METRO;

/** Who may act, by the rules of DOMAIN.md ("Stakeholders and roles") and the brief. */
type Rule =
  | 'admin'
  | 'stakeholder'
  | 'stakeholder-or-admin'
  | 'party'
  | 'owner-or-admin'
  | 'everyone'
  | 'details'
  | 'privileged'
  | 'own-or-privileged';

function verdict(rule: Rule, client: Client, relation: Relation): Verdict {
  const acts = ACTIVE_STAKEHOLDERS.includes(client);
  const allowed = {
    admin: client === ADMIN,
    stakeholder: acts,
    'stakeholder-or-admin': acts || client === ADMIN,
    party: acts && relation === 'party',
    'owner-or-admin': client === ADMIN || (acts && relation === 'party'),
    everyone: true,
    details: relation === 'party' || seesEverything(client),
    privileged: seesEverything(client),
    'own-or-privileged': relation === 'party' || seesEverything(client),
  }[rule];
  return allowed ? 'allow' : 'deny';
}

/**
 * The reason a refused mutation must carry: an organization unknown to the platform is refused as
 * such; a deactivated one where deactivation is the only thing that stops it.
 */
function pinnedReason(rule: Rule, client: Client, relation: Relation): string | undefined {
  if (client === CLOUDLINE) return 'ORGANIZATION.NOT_REGISTERED';
  if (client === ROGUE && verdict(rule, ACME, relation) === 'allow') return 'ORGANIZATION.DEACTIVATED';
  return undefined;
}

interface OperationSpec {
  operation: string;
  kind: AccessCase['kind'];
  rule: Rule;
  /** The clients each relation applies to. */
  relations: Partial<Record<Relation, readonly Client[]>>;
  run(s: AccessScenario, client: Client, relation: Relation): Promise<GraphqlResponse>;
  recordsIn?(client: Client, relation: Relation): { kind: AggregateKind; id: string };
  inspect?: AccessCase['inspect'];
}

const slug = (client: Client, relation: Relation) => `${client}-${relation === 'non-party' ? 'np' : relation === 'party' ? 'p' : 'na'}`;

// ---- targets ------------------------------------------------------------------------------------

const organizationTarget = (operation: string, client: Client, relation: Relation): string => {
  if (relation === 'party') return organizationOf(client);
  if (operation === 'registerOrganization') return `mx-new-${slug(client, relation)}`;
  if (client !== ADMIN) return FIXTURES.victimOrganization;
  return operation === 'changeOrganizationRoles' ? FIXTURES.rolesTarget : FIXTURES.deactivationTarget;
};
const openAssessmentTarget = (client: Client, relation: Relation) =>
  relation === 'party' ? FIXTURES.openAssessment : pairedWithAcme(client) ? FIXTURES.openAssessmentHT : FIXTURES.openAssessmentAM;
const agreedAssessmentTarget = (client: Client) => (pairedWithAcme(client) ? FIXTURES.agreedHT : FIXTURES.agreedAM);
const negotiatingTarget = (party: string) => (client: Client, relation: Relation) =>
  relation === 'party' ? party : pairedWithAcme(client) ? FIXTURES.negotiatingHT : FIXTURES.negotiatingAM;
const terminationTarget = (kind: 'propose' | 'sign' | 'reject') => (client: Client, relation: Relation) => {
  if (relation === 'non-party') {
    if (kind === 'propose') return pairedWithAcme(client) ? FIXTURES.concludedHT : FIXTURES.concludedAM;
    return pairedWithAcme(client) ? FIXTURES.pendingTerminationHT : FIXTURES.pendingTerminationAM;
  }
  // audit-office can never sign, so no agreement it is party to is ever concluded: its refusal is tested on a negotiating one.
  if (client === AUDITOR) return FIXTURES.propose;
  if (client === ROGUE) return kind === 'propose' ? FIXTURES.rogueConcluded : FIXTURES.roguePendingTermination;
  return { propose: terminableAgreement, sign: signableTermination, reject: rejectableTermination }[kind](client);
};
/** The party that is responsible in new terms of a target (a current party of it). */
const responsibleIn = (agreementId: string): Client => (agreementId === FIXTURES.negotiatingHT ? HARBOR : ACME);
const readAssessmentTarget = (client: Client, relation: Relation) =>
  relation === 'party' ? FIXTURES.openAssessment : pairedWithAcme(client) ? FIXTURES.agreedHT : FIXTURES.agreedAM;
const readAgreementTarget = negotiatingTarget(FIXTURES.read);

// ---- operations ---------------------------------------------------------------------------------

const mutation = (field: keyof typeof M, input: Record<string, unknown>) => ({ query: M[field], variables: { input } });
const send = (s: AccessScenario, client: Client, request: { query: string; variables: Record<string, unknown> }) => s.as(client)(request.query, request.variables);
const everyParticipant = { party: PARTICIPANTS, 'non-party': CLIENTS } as const;
const organizationRelations = { party: NON_ADMIN, 'non-party': CLIENTS } as const;
const everybody = { 'n/a': CLIENTS } as const;

const MUTATIONS: OperationSpec[] = [
  {
    operation: 'registerOrganization',
    kind: 'mutation',
    rule: 'admin',
    relations: organizationRelations,
    run: (s, client, relation) => send(s, client, mutation('registerOrganization', { id: organizationTarget('registerOrganization', client, relation), name: 'Self-made', roles: ['CERTIFIER'] })),
    recordsIn: (client, relation) => ({ kind: 'organization', id: organizationTarget('registerOrganization', client, relation) }),
  },
  {
    operation: 'changeOrganizationRoles',
    kind: 'mutation',
    rule: 'admin',
    relations: organizationRelations,
    // Self-escalation for a party: a manufacturer making itself a certifier.
    run: (s, client, relation) => send(s, client, mutation('changeOrganizationRoles', { organizationId: organizationTarget('changeOrganizationRoles', client, relation), roles: ['CERTIFIER', 'INSURER'] })),
    recordsIn: (client, relation) => ({ kind: 'organization', id: organizationTarget('changeOrganizationRoles', client, relation) }),
  },
  {
    operation: 'deactivateOrganization',
    kind: 'mutation',
    rule: 'admin',
    relations: organizationRelations,
    run: (s, client, relation) => send(s, client, mutation('deactivateOrganization', { organizationId: organizationTarget('deactivateOrganization', client, relation), reason: 'Access matrix' })),
    recordsIn: (client, relation) => ({ kind: 'organization', id: organizationTarget('deactivateOrganization', client, relation) }),
  },
  {
    operation: 'definePolicyProfile',
    kind: 'mutation',
    rule: 'admin',
    relations: everybody,
    run: (s, client, relation) => send(s, client, mutation('definePolicyProfile', { id: `mx-profile-${slug(client, relation)}`, name: 'Lax', description: 'Lax', cells: policyCellsInput() })),
    recordsIn: (client, relation) => ({ kind: 'policyProfile', id: `mx-profile-${slug(client, relation)}` }),
  },
  {
    operation: 'revisePolicyProfile',
    kind: 'mutation',
    rule: 'admin',
    relations: everybody,
    run: (s, client) =>
      send(s, client, mutation('revisePolicyProfile', { policyProfileId: client === ADMIN ? FIXTURES.profileForAdmin : FIXTURES.profile, baseVersion: 1, name: 'Revised', cells: policyCellsInput() })),
    recordsIn: (client) => ({ kind: 'policyProfile', id: client === ADMIN ? FIXTURES.profileForAdmin : FIXTURES.profile }),
  },
  {
    operation: 'registerUseCase',
    kind: 'mutation',
    rule: 'stakeholder-or-admin',
    relations: everybody,
    run: (s, client, relation) =>
      send(
        s,
        client,
        mutation('registerUseCase', {
          id: `uc-new-${slug(client, relation)}`,
          name: 'A camera',
          unit: 'DEVICE',
          domain: 'CONSUMER',
          formOfUse: { environment: 'home', role: 'doorbell', userSkills: 'none' },
          description: 'Registered in the access matrix.',
        }),
      ),
    recordsIn: (client, relation) => ({ kind: 'useCase', id: `uc-new-${slug(client, relation)}` }),
  },
  {
    operation: 'reviseUseCase',
    kind: 'mutation',
    rule: 'owner-or-admin',
    relations: { party: [ACME, METRO, HARBOR, TRUST, ROGUE], 'non-party': CLIENTS },
    run: (s, client, relation) =>
      send(s, client, mutation('reviseUseCase', { useCaseId: useCaseTarget(client, relation, 'revise'), description: `Revised by ${client}` })),
    recordsIn: (client, relation) => ({ kind: 'useCase', id: useCaseTarget(client, relation, 'revise') }),
  },
  {
    operation: 'retireUseCase',
    kind: 'mutation',
    rule: 'owner-or-admin',
    relations: { party: [ACME, METRO, HARBOR, TRUST, ROGUE], 'non-party': CLIENTS },
    run: (s, client, relation) => send(s, client, mutation('retireUseCase', { useCaseId: useCaseTarget(client, relation, 'retire'), reason: 'Discontinued' })),
    recordsIn: (client, relation) => ({ kind: 'useCase', id: useCaseTarget(client, relation, 'retire') }),
  },
  {
    operation: 'openAssessment',
    kind: 'mutation',
    rule: 'stakeholder',
    relations: everybody,
    run: (s, client, relation) =>
      send(s, client, mutation('openAssessment', { id: `asm-new-${slug(client, relation)}`, useCaseId: FIXTURES.baseUseCase, participantIds: [client === ACME ? METRO : ACME] })),
    recordsIn: (client, relation) => ({ kind: 'assessment', id: `asm-new-${slug(client, relation)}` }),
  },
  {
    operation: 'proposeAssessment',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: (s, client, relation) =>
      send(s, client, mutation('proposeAssessment', { assessmentId: openAssessmentTarget(client, relation), recovery: 'SERIOUS', economic: 'LIMITED', ...ASSESSMENT_CONTENT })),
    recordsIn: (client, relation) => ({ kind: 'assessment', id: openAssessmentTarget(client, relation) }),
  },
  {
    operation: 'challengeAssessment',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: async (s, client, relation) => {
      const assessmentId = openAssessmentTarget(client, relation);
      const { revision } = await s.assessmentNow(assessmentId);
      return send(s, client, mutation('challengeAssessment', { assessmentId, revision, recovery: 'SEVERE', economic: 'SERIOUS', reason: 'Underrated' }));
    },
    recordsIn: (client, relation) => ({ kind: 'assessment', id: openAssessmentTarget(client, relation) }),
  },
  {
    operation: 'endorseAssessment',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: async (s, client, relation) => {
      const assessmentId = openAssessmentTarget(client, relation);
      const { revision } = await s.assessmentNow(assessmentId);
      return send(s, client, mutation('endorseAssessment', { assessmentId, revision }));
    },
    recordsIn: (client, relation) => ({ kind: 'assessment', id: openAssessmentTarget(client, relation) }),
  },
  {
    operation: 'reopenAssessment',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: (s, client, relation) =>
      send(s, client, mutation('reopenAssessment', { assessmentId: reopenTarget(client, relation), reason: 'New facts', recovery: 'SERIOUS', economic: 'SERIOUS', ...ASSESSMENT_CONTENT })),
    recordsIn: (client, relation) => ({ kind: 'assessment', id: reopenTarget(client, relation) }),
  },
  {
    operation: 'openAgreement',
    kind: 'mutation',
    rule: 'party',
    // audit-office can never endorse, so it is participant of no agreed assessment.
    relations: { party: [ACME, METRO, HARBOR, TRUST, ROGUE], 'non-party': CLIENTS },
    run: (s, client, relation) => {
      const assessmentId = relation === 'party' ? FIXTURES.agreedMain : agreedAssessmentTarget(client);
      const partyIds = relation === 'party' ? [client === METRO ? ACME : METRO] : assessmentId === FIXTURES.agreedHT ? [HARBOR, TRUST] : [ACME, METRO];
      return send(s, client, mutation('openAgreement', { id: `agr-new-${slug(client, relation)}`, assessmentId, partyIds }));
    },
    recordsIn: (client, relation) => ({ kind: 'agreement', id: `agr-new-${slug(client, relation)}` }),
  },
  {
    operation: 'proposeTerms',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: async (s, client, relation) => {
      const agreementId = negotiatingTarget(FIXTURES.propose)(client, relation);
      const { version } = await s.agreementNow(agreementId);
      return send(s, client, mutation('proposeTerms', { agreementId, baseVersion: version, clauses: declarationTerms(responsibleIn(agreementId), `Proposed by ${client}`) }));
    },
    recordsIn: (client, relation) => ({ kind: 'agreement', id: negotiatingTarget(FIXTURES.propose)(client, relation) }),
  },
  {
    operation: 'signOff',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: async (s, client, relation) => {
      const agreementId = negotiatingTarget(FIXTURES.sign)(client, relation);
      const { version, digest } = await s.agreementNow(agreementId);
      return send(s, client, mutation('signOff', { agreementId, version, digest }));
    },
    recordsIn: (client, relation) => ({ kind: 'agreement', id: negotiatingTarget(FIXTURES.sign)(client, relation) }),
  },
  {
    operation: 'rejectTerms',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: async (s, client, relation) => {
      const agreementId = negotiatingTarget(FIXTURES.reject)(client, relation);
      const { version } = await s.agreementNow(agreementId);
      return send(s, client, mutation('rejectTerms', { agreementId, version, reason: 'Too vague' }));
    },
    recordsIn: (client, relation) => ({ kind: 'agreement', id: negotiatingTarget(FIXTURES.reject)(client, relation) }),
  },
  {
    operation: 'withdrawFromAgreement',
    kind: 'mutation',
    rule: 'party',
    relations: everyParticipant,
    run: (s, client, relation) => send(s, client, mutation('withdrawFromAgreement', { agreementId: negotiatingTarget(FIXTURES.withdraw)(client, relation), reason: 'Out of scope' })),
    recordsIn: (client, relation) => ({ kind: 'agreement', id: negotiatingTarget(FIXTURES.withdraw)(client, relation) }),
  },
  ...(['propose', 'sign', 'reject'] as const).map(
    (kind): OperationSpec => ({
      operation: `${kind}Termination`,
      kind: 'mutation',
      rule: 'party',
      relations: everyParticipant,
      run: (s, client, relation) =>
        send(s, client, mutation(`${kind}Termination`, { agreementId: terminationTarget(kind)(client, relation), ...(kind === 'sign' ? {} : { reason: 'Product discontinued' }) })),
      recordsIn: (client, relation) => ({ kind: 'agreement', id: terminationTarget(kind)(client, relation) }),
    }),
  ),
];

function useCaseTarget(client: Client, relation: Relation, operation: 'revise' | 'retire'): string {
  if (relation === 'party') return operation === 'revise' ? ownedUseCase(client) : retirableUseCase(client);
  if (operation === 'retire' && client === ADMIN) return retirableUseCase(ADMIN);
  return client === ACME ? sharedUseCase(METRO) : sharedUseCase(ACME);
}

function reopenTarget(client: Client, relation: Relation): string {
  if (relation === 'non-party') return agreedAssessmentTarget(client);
  // audit-office is a participant of an OPEN assessment only; the participant check comes first.
  return client === AUDITOR ? FIXTURES.openAssessment : reopenableAssessment(client);
}

// ---- reads --------------------------------------------------------------------------------------

const query = (s: AccessScenario, client: Client, text: string, variables: Record<string, unknown> = {}) => s.as(client)(text, variables);
const now = () => new Date().toISOString();

/** Fixtures the client is party to, per kind of list, that an allowed list answer must name (so the leak check is not vacuous). */
function ownFixtures(client: Client, list: 'assessments' | 'agreements' | 'coverage'): string[] {
  const am = { assessments: [FIXTURES.agreedAM], agreements: [FIXTURES.negotiatingAM], coverage: [FIXTURES.negotiatingAM] }[list];
  const ht = { assessments: [FIXTURES.agreedHT], agreements: [FIXTURES.negotiatingHT], coverage: [FIXTURES.negotiatingHT] }[list];
  if (seesEverything(client)) return [...am, ...ht];
  if (client === ACME || client === METRO) return am;
  if (client === HARBOR || client === TRUST) return ht;
  if (client === ROGUE && list !== 'coverage') return [list === 'assessments' ? FIXTURES.openAssessment : FIXTURES.propose];
  return [];
}

/** Ids an allowed answer must not name: the fixtures of the pair the client is not part of. */
function hiddenFrom(client: Client): string[] {
  const am = [FIXTURES.agreedAM, FIXTURES.openAssessmentAM, FIXTURES.negotiatingAM, FIXTURES.concludedAM, FIXTURES.pendingTerminationAM];
  const ht = [FIXTURES.agreedHT, FIXTURES.openAssessmentHT, FIXTURES.negotiatingHT, FIXTURES.concludedHT, FIXTURES.pendingTerminationHT];
  if (seesEverything(client)) return [];
  if (client === ACME || client === METRO) return ht;
  if (client === HARBOR || client === TRUST) return am;
  return [...am, ...ht];
}

function leaks(response: GraphqlResponse, client: Client, list?: 'assessments' | 'agreements' | 'coverage'): string | null {
  const text = JSON.stringify(response.data);
  const leaked = hiddenFrom(client).filter((id) => text.includes(`"${id}"`));
  if (leaked.length) return `names ${leaked.join(', ')}`;
  const missing = list ? ownFixtures(client, list).filter((id) => !text.includes(`"${id}"`)) : [];
  return missing.length ? `misses its own ${missing.join(', ')}` : null;
}

const details = { party: PARTICIPANTS, 'non-party': CLIENTS } as const;

const QUERIES: OperationSpec[] = [
  {
    operation: 'me',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) => query(s, client, `{ me { subject organizationId roles } }`),
    inspect: (response) => ((response.data as { me?: { organizationId?: string } }).me?.organizationId ? null : 'no organizationId'),
  },
  {
    operation: 'assessment',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { assessment(id: $id) { id status participants { id } } }`, { id: readAssessmentTarget(client, relation) }),
  },
  {
    operation: 'assessment(asOf)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) =>
      query(s, client, `query($id: ID!, $asOf: DateTime!) { assessment(id: $id, asOf: $asOf) { id status revision } }`, { id: readAssessmentTarget(client, relation), asOf: now() }),
  },
  {
    operation: 'assessments',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) => query(s, client, `{ assessments(first: 100) { totalCount edges { node { id participants { id } } } } }`),
    inspect: (response, s) => leaks(response, clientOf(response, s), 'assessments'),
  },
  {
    operation: 'agreement',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { agreement(id: $id) { id status parties { id } currentTerms { version digest } } }`, { id: readAgreementTarget(client, relation) }),
  },
  {
    operation: 'agreement(asOf)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) =>
      query(s, client, `query($id: ID!, $asOf: DateTime!) { agreement(id: $id, asOf: $asOf) { id status currentTerms { version } } }`, { id: readAgreementTarget(client, relation), asOf: now() }),
  },
  {
    operation: 'agreement(version)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { agreement(id: $id, version: 1) { id currentTerms { version clauses { title } } } }`, { id: readAgreementTarget(client, relation) }),
  },
  {
    operation: 'agreements',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) => query(s, client, `{ agreements(first: 100) { totalCount edges { node { id parties { id } } } } }`),
    inspect: (response, s) => leaks(response, clientOf(response, s), 'agreements'),
  },
  {
    operation: 'history(assessment)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { history(id: $id) { revision type data } }`, { id: readAssessmentTarget(client, relation) }),
  },
  {
    operation: 'history(agreement)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { history(id: $id) { revision type data } }`, { id: readAgreementTarget(client, relation) }),
  },
  {
    operation: 'verifyHistory(assessment)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { verifyHistory(id: $id) { intact eventCount headHash } }`, { id: readAssessmentTarget(client, relation) }),
  },
  {
    operation: 'verifyHistory(agreement)',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => query(s, client, `query($id: ID!) { verifyHistory(id: $id) { intact eventCount headHash } }`, { id: readAgreementTarget(client, relation) }),
  },
  {
    operation: 'termsDiff',
    kind: 'query',
    rule: 'details',
    relations: details,
    run: (s, client, relation) =>
      query(s, client, `query($id: ID!) { termsDiff(agreementId: $id, from: 1, to: 2) { added { title } removed { title } unchangedCount } }`, { id: readAgreementTarget(client, relation) }),
  },
  {
    operation: 'categoryMatrix',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) => query(s, client, `{ categoryMatrix { recovery economic useCases agreementsConcluded perspectives { perspective required covered gaps } } }`),
    inspect: (response) => ((response.data as { categoryMatrix?: unknown[] }).categoryMatrix?.length === 9 ? null : 'not nine cells'),
  },
  {
    operation: 'socialSupportCoverage',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) =>
      query(s, client, `{ socialSupportCoverage { recovery economic required covered agreements { agreementId covered insuranceClauses { amount currency } } hiddenCount } }`),
    inspect: (response, s) => leaks(response, clientOf(response, s), 'coverage'),
  },
  {
    operation: 'categoryComparison',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) => query(s, client, `{ categoryComparison(recovery: LIMITED, economic: SERIOUS) { agreements perspectives { perspective agreements } templates { templateId } } }`),
  },
  {
    operation: 'inbox',
    kind: 'query',
    rule: 'everyone',
    relations: everybody,
    run: (s, client) => query(s, client, `{ inbox { kind assessmentId agreementId revision version } }`),
    inspect: (response, s) => leaks(response, clientOf(response, s)),
  },
  {
    operation: 'obligations(organizationId)',
    kind: 'query',
    rule: 'own-or-privileged',
    relations: { party: CLIENTS, 'non-party': CLIENTS },
    run: (s, client, relation) =>
      query(s, client, `query($org: ID) { obligations(organizationId: $org) { agreementId clause { perspective title } } }`, {
        org: relation === 'party' ? organizationOf(client) : client === ACME ? METRO : ACME,
      }),
  },
  {
    operation: 'auditLog',
    kind: 'query',
    rule: 'privileged',
    relations: everybody,
    run: (s, client) => query(s, client, `{ auditLog(first: 5) { edges { node { type } } } }`),
  },
  {
    operation: 'agreementChanged',
    kind: 'subscription',
    rule: 'details',
    relations: details,
    run: (s, client, relation) => subscriptionCase(s, client, relation),
  },
];

/** The matrix needs the client inside `inspect`: the runner passes it through the response. */
const CLIENT_KEY = Symbol('client');
function clientOf(response: GraphqlResponse, _s: AccessScenario): Client {
  return (response as GraphqlResponse & { [CLIENT_KEY]: Client })[CLIENT_KEY];
}
export function tagClient(response: GraphqlResponse, client: Client): GraphqlResponse {
  return Object.assign(response, { [CLIENT_KEY]: client });
}

/**
 * Subscribes over graphql-ws; while it is not refused, a party keeps proposing terms on the
 * agreement until the subscription delivers a change (a subscription is only proven allowed by what it delivers).
 */
async function subscriptionCase(s: AccessScenario, client: Client, relation: Relation): Promise<GraphqlResponse> {
  const agreementId = relation === 'party' ? FIXTURES.subscribe : readAgreementTarget(client, relation);
  const token = await s.server.token(client);
  const outcome: SubscriptionOutcome = await subscribeOnce(s.server.baseUrl, `subscription($id: ID!) { agreementChanged(id: $id) { id status } }`, { id: agreementId }, token, async () => {
    const { version } = await s.agreementNow(agreementId);
    const proposer = responsibleIn(agreementId);
    await s.must(proposer, M.proposeTerms, { input: { agreementId, baseVersion: version, clauses: declarationTerms(proposer, `Change for ${client}`) } });
  });
  if (outcome.kind === 'result') return { status: 101, ...outcome.result } as GraphqlResponse;
  return { status: 101, data: null, errors: [{ message: `subscription ${outcome.kind}: ${outcome.detail}`, extensions: { code: outcome.kind.toUpperCase() } }] };
}

/** Cases known to fail, by `<operation>|<client>|<relation>` (none now). */
const KNOWN_BUGS: Record<string, string> = {};

/** Every case, in table order: reads first (they look at the fixtures as built), then mutations. */
export function accessMatrix(): AccessCase[] {
  const cases: AccessCase[] = [];
  for (const spec of [...QUERIES, ...MUTATIONS]) {
    for (const relation of ['party', 'non-party', 'n/a'] as const) {
      for (const client of spec.relations[relation] ?? []) {
        const expected = verdict(spec.rule, client, relation);
        const reason = spec.kind === 'mutation' && expected === 'deny' ? pinnedReason(spec.rule, client, relation) : undefined;
        const bug = KNOWN_BUGS[`${spec.operation}|${client}|${relation}`];
        cases.push({
          name: `${spec.operation} as ${client} (${relation}) → ${expected}${bug ? ` [KNOWN ${bug}: fails until fixed]` : ''}`,
          operation: spec.operation,
          kind: spec.kind,
          client,
          relation,
          expected,
          reason,
          run: async (s) => tagClient(await spec.run(s, client, relation), client),
          recordsIn: spec.recordsIn?.(client, relation),
          inspect: spec.inspect,
        });
      }
    }
  }
  return cases;
}

