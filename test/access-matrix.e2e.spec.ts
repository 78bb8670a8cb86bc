import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { accessMatrix, type AccessCase } from './support/access-matrix.cases.js';
import { ACME, AUDITOR, buildAccessScenario, CLOUDLINE, FIXTURES, HARBOR, M, METRO, ROGUE, TRUST, type AccessScenario, type RecordSnapshot } from './support/access-scenario.js';
import { TEST_BACKENDS } from './support/test-databases.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * Issue 4: who may do what, through the real HTTP stack with tokens from the embedded provider.
 * Every operation of the schema x every demo client x party / non-party, each case its own test:
 * an allowed call answers data without errors (a mutation records in its stream); a refused one
 * answers FORBIDDEN without data, and a refused mutation records nothing (its stream, the
 * auditor's history of it, and the head of the whole log are unchanged).
 */
const CASES = accessMatrix();

async function expectAllowed(testCase: AccessCase, s: AccessScenario): Promise<void> {
  const before = testCase.recordsIn ? await s.snapshot(testCase.recordsIn.kind, testCase.recordsIn.id) : null;
  const response = await testCase.run(s);
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual(expect.any(Object));
  expect(Object.values(response.data ?? {})[0]).not.toBeNull();
  expect(testCase.inspect?.(response, s) ?? null).toBeNull();
  if (before && testCase.recordsIn) {
    const after = await s.snapshot(testCase.recordsIn.kind, testCase.recordsIn.id);
    expect(after.streamLength).toBeGreaterThan(before.streamLength);
  }
}

async function expectRefused(testCase: AccessCase, s: AccessScenario): Promise<void> {
  const before: RecordSnapshot | null = testCase.recordsIn ? await s.snapshot(testCase.recordsIn.kind, testCase.recordsIn.id) : null;
  const response = await testCase.run(s);
  if (before && testCase.recordsIn) {
    // Nothing recorded: not in the stream, not in the auditor's history, not anywhere in the log.
    expect(await s.snapshot(testCase.recordsIn.kind, testCase.recordsIn.id)).toEqual(before);
  }
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  if (testCase.reason) expect(response.errors?.[0]?.extensions?.reason).toBe(testCase.reason);
}

for (const backend of TEST_BACKENDS) {
  describe(`access matrix on ${backend}`, () => {
    let server: TestServer;
    let s: AccessScenario;

    beforeAll(async () => {
      server = await startTestServer(backend);
      s = await buildAccessScenario(server);
    }, 120_000);
    afterAll(() => server?.close());

    it('lets rogue-devices act before its deactivation, and knows nothing of cloudline-services', async () => {
      expect(s.rogueActedWhileActive).toBe(true);
      expect((await s.snapshot('organization', ROGUE)).streamLength).toBe(2);
      expect((await s.snapshot('organization', CLOUDLINE)).streamLength).toBe(0);
      // The realm still vouches for both: the platform, not the token, refuses them.
      for (const client of [ROGUE, CLOUDLINE] as const) {
        const me = await s.as(client)(`{ me { organizationId } }`);
        expect(me.data).toEqual({ me: { organizationId: client } });
      }
    });

    for (const testCase of CASES) {
      it(`${testCase.name}`, async () => {
        if (testCase.expected === 'allow') await expectAllowed(testCase, s);
        else await expectRefused(testCase, s);
      });
    }

    // After the matrix: its allowed withdrawals made acme, metro, harbor and trust former parties of agr-withdraw.
    it('a party that withdrew no longer sees the agreement, its past states or its history', async () => {
      const history = await s.as(AUDITOR)(`query($id: ID!) { history(id: $id) { type actor { organizationId } } }`, { id: FIXTURES.withdraw });
      const withdrawn = ((history.data?.history ?? []) as Array<{ type: string; actor: { organizationId: string } }>).filter((event) => event.type === 'AgreementPartyWithdrew');
      expect(withdrawn.map((event) => event.actor.organizationId).sort()).toEqual([ACME, HARBOR, METRO, TRUST].sort());
      for (const client of [ACME, METRO, HARBOR, TRUST] as const) {
        for (const read of [
          `query($id: ID!) { agreement(id: $id) { id } }`,
          `query($id: ID!) { agreement(id: $id, asOf: "${new Date().toISOString()}") { id } }`,
          `query($id: ID!) { history(id: $id) { type } }`,
        ]) {
          const response = await s.as(client)(read, { id: FIXTURES.withdraw });
          expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
          expect(response.data ?? null).toBeNull();
        }
      }
    });

    /**
     * Agreements and assessments share one id space in the API (history, verifyHistory): an id
     * taken by one kind is refused to the other, so nobody can hide an assessment's history behind it.
     */
    it('an agreement cannot take over the id of an assessment: its participants still read its history', async () => {
      const before = await s.as(HARBOR)(`query($id: ID!) { history(id: $id) { type } }`, { id: FIXTURES.agreedHT });
      expect(before.errors).toBeUndefined();
      // acme is no participant of asm-ht; it opens an agreement under that id on an assessment of its own.
      const takeover = await s.as(ACME)(M.openAgreement, { input: { id: FIXTURES.agreedHT, assessmentId: FIXTURES.agreedMain, partyIds: [METRO] } });
      expect(takeover.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ID.TAKEN' });
      for (const [client, query] of [
        [HARBOR, `query($id: ID!) { history(id: $id) { type } }`],
        [AUDITOR, `query($id: ID!) { history(id: $id) { type } }`],
      ] as const) {
        const after = await s.as(client)(query, { id: FIXTURES.agreedHT });
        expect(after.errors).toBeUndefined();
        expect(after.data).toEqual(before.data);
      }
      const verified = await s.as(HARBOR)(`query($id: ID!) { verifyHistory(id: $id) { intact eventCount } }`, { id: FIXTURES.agreedHT });
      expect(verified.data).toEqual({ verifyHistory: { intact: true, eventCount: ((before.data?.history ?? []) as unknown[]).length } });
    });
  });
}
