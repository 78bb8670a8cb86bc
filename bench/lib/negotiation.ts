import pg from 'pg';
import type { EventMetadata } from '@app/event-store';
import type { ServerProcess } from './server.js';

/** The demo consortium and its rail terms, as test/negotiation.e2e.spec.ts runs them over HTTP (one copy, in test/support). */
import { DEMO_ORGANIZATIONS as ORGANIZATIONS, railTerms } from '../../test/support/demo-consortium.js';

export { ORGANIZATIONS, railTerms };

/** The four parties of every benchmark agreement, opener first. */
export const PARTIES = ['acme-devices', 'metro-operations', 'harbor-insurance', 'trust-labs'] as const;

export const AGREEMENT_RESULT = `id status latestVersion currentTerms { version digest } concludedTerms { version } signOffs { organization { id } version }`;
export const PROPOSE_TERMS = `mutation($input: ProposeTermsInput!) { proposeTerms(input: $input) { ${AGREEMENT_RESULT} } }`;
export const SIGN_OFF = `mutation($input: SignOffInput!) { signOff(input: $input) { ${AGREEMENT_RESULT} } }`;
export const OPEN_AGREEMENT = `mutation($input: OpenAgreementInput!) { openAgreement(input: $input) { ${AGREEMENT_RESULT} } }`;

/** An `Agreement` as {@link AGREEMENT_RESULT} selects it. */
export interface AgreementResult {
  id: string;
  status: string;
  latestVersion: number;
  currentTerms: { version: number; digest: string } | null;
  concludedTerms: { version: number } | null;
  signOffs: Array<{ organization: { id: string }; version: number }>;
}

const IMPACTS = [
  { area: 'LIFE_AND_BODY', axis: 'RECOVERY', description: 'A wrong signal aspect can injure passengers.' },
  { area: 'ECONOMIC_ACTIVITY', axis: 'ECONOMIC', description: 'A line outage stops commuter traffic for hours.' },
];

export interface NegotiationIds {
  railUseCaseId: string;
  railAssessmentId: string;
  agreementId: string;
  museumUseCaseId: string;
  museumAssessmentId: string;
}

/** Registers the consortium and runs one realistic negotiation through the API (challenge, failed policy check, counter-proposal, 4 sign-offs). */
export async function runNegotiation(server: ServerProcess, run: string): Promise<NegotiationIds> {
  for (const organization of ORGANIZATIONS) {
    const response = await server.graphql(`mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`, {
      input: { ...organization, commandId: `register-${organization.id}` },
    }, await server.token('consortium-admin'));
    if (response.errors && response.errors[0].extensions?.reason !== 'ORGANIZATION.ALREADY_REGISTERED') throw new Error(JSON.stringify(response.errors));
  }
  const ASSESSMENT = 'id status revision';
  const rail = await server.ok<{ registerUseCase: { id: string } }>('acme-devices', `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id } }`, {
    input: {
      name: `Signal gateway on a commuter line ${run}`,
      unit: 'DEVICE',
      domain: 'TRANSPORTATION',
      formOfUse: { environment: 'Commuter rail trackside', role: 'Relays interlocking commands', userSkills: 'Licensed signal engineers' },
      description: 'The gateway in safety-relevant rail use.',
    },
  });
  const opened = await server.ok<{ openAssessment: { id: string } }>('acme-devices', `mutation($input: OpenAssessmentInput!) { openAssessment(input: $input) { ${ASSESSMENT} } }`, {
    input: { useCaseId: rail.registerUseCase.id, participantIds: ['metro-operations'] },
  });
  const assessmentId = opened.openAssessment.id;
  const propose = `mutation($input: ProposeAssessmentInput!) { proposeAssessment(input: $input) { ${ASSESSMENT} } }`;
  const endorse = `mutation($input: EndorseAssessmentInput!) { endorseAssessment(input: $input) { ${ASSESSMENT} } }`;
  await server.ok('acme-devices', propose, {
    input: { assessmentId, recovery: 'SEVERE', economic: 'CATASTROPHIC', impacts: IMPACTS, rationale: 'Life is at stake and outages are costly.' },
  });
  await server.ok('metro-operations', `mutation($input: ChallengeAssessmentInput!) { challengeAssessment(input: $input) { ${ASSESSMENT} } }`, {
    input: { assessmentId, revision: 1, recovery: 'SEVERE', economic: 'SERIOUS', reason: 'Outages are limited to one line.' },
  });
  await server.ok('acme-devices', propose, {
    input: { assessmentId, baseRevision: 1, recovery: 'SEVERE', economic: 'SERIOUS', impacts: IMPACTS, rationale: 'Agreed: one line at a time.' },
  });
  await server.ok('acme-devices', endorse, { input: { assessmentId, revision: 2 } });
  await server.ok('metro-operations', endorse, { input: { assessmentId, revision: 2 } });

  const museum = await server.ok<{ registerUseCase: { id: string } }>('acme-devices', `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id } }`, {
    input: {
      name: `Signal gateway in a museum demo ${run}`,
      unit: 'DEVICE',
      domain: 'CONSUMER',
      formOfUse: { environment: 'Museum exhibit, no live traffic', role: 'Demonstration only', userSkills: 'Museum staff' },
      description: 'The same gateway with no safety role.',
    },
  });
  const museumOpened = await server.ok<{ openAssessment: { id: string } }>('acme-devices', `mutation($input: OpenAssessmentInput!) { openAssessment(input: $input) { ${ASSESSMENT} } }`, {
    input: { useCaseId: museum.registerUseCase.id, participantIds: ['metro-operations'] },
  });
  const museumAssessmentId = museumOpened.openAssessment.id;
  await server.ok('acme-devices', propose, {
    input: { assessmentId: museumAssessmentId, recovery: 'LIMITED', economic: 'LIMITED', impacts: IMPACTS.slice(1), rationale: 'No live traffic.' },
  });
  await server.ok('acme-devices', endorse, { input: { assessmentId: museumAssessmentId, revision: 1 } });
  await server.ok('metro-operations', endorse, { input: { assessmentId: museumAssessmentId, revision: 1 } });

  const agreement = await server.ok<{ openAgreement: AgreementResult }>('acme-devices', OPEN_AGREEMENT, {
    input: { assessmentId, partyIds: ['metro-operations', 'harbor-insurance', 'trust-labs'] },
  });
  const agreementId = agreement.openAgreement.id;
  await server.ok('acme-devices', PROPOSE_TERMS, { input: { agreementId, baseVersion: 0, clauses: railTerms(false) } });
  const counter = await server.ok<{ proposeTerms: AgreementResult }>('harbor-insurance', PROPOSE_TERMS, { input: { agreementId, baseVersion: 1, clauses: railTerms(true) } });
  const digest = counter.proposeTerms.currentTerms?.digest;
  if (digest === undefined) throw new Error(`counter-proposal without terms on the table: ${JSON.stringify(counter.proposeTerms)}`);
  for (const party of PARTIES) await server.ok(party, SIGN_OFF, { input: { agreementId, version: 2, digest } });
  return {
    railUseCaseId: rail.registerUseCase.id,
    railAssessmentId: assessmentId,
    agreementId,
    museumUseCaseId: museum.registerUseCase.id,
    museumAssessmentId,
  };
}

export interface TemplateEvent {
  stream: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  occurredAt: string;
  /** Its place in the recorded log (the order of the commands across streams). */
  position: number;
}

export interface Templates {
  /** Streams other than the negotiation's (organizations, policy profiles): copied once. */
  shared: Map<string, TemplateEvent[]>;
  /** Use case + assessment (with a challenge) + agreement concluded by 4 parties. */
  withAgreement: Map<string, TemplateEvent[]>;
  /** Use case + assessment agreed at once, no agreement. */
  assessmentOnly: Map<string, TemplateEvent[]>;
  ids: NegotiationIds;
}

/** Reads what the negotiation recorded, grouped by stream, as templates for the generator. */
export async function captureTemplates(databaseUrl: string, ids: NegotiationIds): Promise<Templates> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ stream_id: string; type: string; schema_version: number; data: unknown; metadata: EventMetadata; occurred_at: Date }>(
      `SELECT stream_id, type, schema_version, data, metadata, occurred_at FROM events ORDER BY global_position`,
    );
    const group = (streams: string[]) => {
      const map = new Map<string, TemplateEvent[]>();
      for (const stream of streams) map.set(stream, []);
      return map;
    };
    const withAgreement = group([`use-case-${ids.railUseCaseId}`, `assessment-${ids.railAssessmentId}`, `agreement-${ids.agreementId}`]);
    const assessmentOnly = group([`use-case-${ids.museumUseCaseId}`, `assessment-${ids.museumAssessmentId}`]);
    const shared = new Map<string, TemplateEvent[]>();
    for (const [position, row] of rows.entries()) {
      const event: TemplateEvent = {
        position,
        stream: row.stream_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
        occurredAt: row.occurred_at.toISOString(),
      };
      const target = withAgreement.get(row.stream_id) ?? assessmentOnly.get(row.stream_id);
      if (target) target.push(event);
      else {
        const list = shared.get(row.stream_id) ?? [];
        list.push(event);
        shared.set(row.stream_id, list);
      }
    }
    return { shared, withAgreement, assessmentOnly, ids };
  } finally {
    await client.end();
  }
}
