import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from './support/test-server.js';
import {
  DEMO_ORGANIZATIONS,
  ENDORSE_ASSESSMENT,
  IMPACTS,
  ok,
  OPEN_AGREEMENT,
  OPEN_ASSESSMENT,
  PROPOSE_ASSESSMENT,
  PROPOSE_TERMS,
  railTerms,
  REGISTER_ORGANIZATION,
  REGISTER_USE_CASE,
} from './support/demo-consortium.js';

function wsClient(server: TestServer, token: string | null): Client {
  return createClient({
    url: `${server.baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects the first `count` results of a subscription, or the error that ends it. */
function collect(client: Client, query: string, variables: Record<string, unknown>, count: number) {
  const results: Array<Record<string, unknown>> = [];
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<{ results: typeof results; error?: unknown }>((resolve) => {
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) {
            unsubscribe();
            resolve({ results, error: result.errors });
            return;
          }
          results.push(result.data as Record<string, unknown>);
          if (results.length >= count) {
            unsubscribe();
            resolve({ results });
          }
        },
        error: (error) => resolve({ results, error }),
        complete: () => resolve({ results }),
      },
    );
    client.on('connected', () => ready());
  });
  return { started, done };
}

describe('agreementChanged subscription over graphql-ws', () => {
  let server: TestServer;
  let agreementId: string;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    const admin = server.as('consortium-admin');
    for (const organization of DEMO_ORGANIZATIONS) await ok(admin, REGISTER_ORGANIZATION, { input: organization });
    const acme = server.as('acme-devices');
    const metro = server.as('metro-operations');
    const useCase = await ok(acme, REGISTER_USE_CASE, {
      input: { name: 'Gateway', unit: 'DEVICE', domain: 'TRANSPORTATION', formOfUse: { environment: 'rail', role: 'relay', userSkills: 'engineers' }, description: 'd' },
    });
    const assessment = await ok(acme, OPEN_ASSESSMENT, { input: { useCaseId: useCase.registerUseCase.id, participantIds: ['metro-operations'] } });
    const assessmentId = assessment.openAssessment.id;
    await ok(acme, PROPOSE_ASSESSMENT, { input: { assessmentId, recovery: 'SEVERE', economic: 'SERIOUS', impacts: IMPACTS, rationale: 'r' } });
    await ok(acme, ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 1 } });
    await ok(metro, ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 1 } });
    const agreement = await ok(acme, OPEN_AGREEMENT, { input: { assessmentId, partyIds: ['metro-operations', 'harbor-insurance', 'trust-labs'] } });
    agreementId = agreement.openAgreement.id;
  });
  afterAll(() => server.close());

  it('delivers each change to a party, live', async () => {
    const client = wsClient(server, await server.token('metro-operations'));
    try {
      const subscription = collect(client, `subscription($id: ID!) { agreementChanged(id: $id) { id status latestVersion } }`, { id: agreementId }, 2);
      await subscription.started;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await ok(server.as('acme-devices'), PROPOSE_TERMS, { input: { agreementId, baseVersion: 0, clauses: railTerms(false) } });
      await ok(server.as('harbor-insurance'), PROPOSE_TERMS, { input: { agreementId, baseVersion: 1, clauses: railTerms(true) } });
      const { results, error } = await subscription.done;
      expect(error).toBeUndefined();
      expect(results).toEqual([
        { agreementChanged: { id: agreementId, status: 'NEGOTIATING', latestVersion: 1 } },
        { agreementChanged: { id: agreementId, status: 'NEGOTIATING', latestVersion: 2 } },
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('refuses a non-party with FORBIDDEN and a connection without a token', async () => {
    const rogue = wsClient(server, await server.token('rogue-devices'));
    try {
      const { done } = collect(rogue, `subscription($id: ID!) { agreementChanged(id: $id) { id } }`, { id: agreementId }, 1);
      const { results, error } = await done;
      expect(results).toEqual([]);
      expect(JSON.stringify(error)).toContain('FORBIDDEN');
    } finally {
      await rogue.dispose();
    }
    const anonymous = wsClient(server, null);
    try {
      const { done } = collect(anonymous, `subscription($id: ID!) { agreementChanged(id: $id) { id } }`, { id: agreementId }, 1);
      const { results, error } = await done;
      expect(results).toEqual([]);
      expect(error).toBeDefined();
    } finally {
      await anonymous.dispose();
    }
  });

  it('applies the same depth limits to subscriptions', async () => {
    const client = wsClient(server, await server.token('metro-operations'));
    try {
      let selection = 'id';
      for (let depth = 0; depth < 12; depth++) selection = `id currentTerms { clauses { responsibleParty { id } } } parties { id } review { previousCategory { recovery } } policyCheck { perspectives { perspective } } concludedTerms { version }`;
      const aliases = Array.from({ length: 40 }, (_, index) => `a${index}: id`).join(' ');
      const { done } = collect(client, `subscription($id: ID!) { agreementChanged(id: $id) { ${aliases} ${selection} } }`, { id: agreementId }, 1);
      const { results, error } = await done;
      expect(results).toEqual([]);
      expect(JSON.stringify(error)).toMatch(/alias/i);
    } finally {
      await client.dispose();
    }
  });
});
