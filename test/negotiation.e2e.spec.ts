import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_BACKENDS } from './support/test-databases.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import {
  AGREEMENT_FIELDS,
  ASSESSMENT_FIELDS,
  CHALLENGE_ASSESSMENT,
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
  REOPEN_ASSESSMENT,
  SIGN_OFF,
} from './support/demo-consortium.js';

/**
 * The whole negotiation through HTTP, with real tokens from the embedded provider: a device in two
 * forms of use, an assessment with a challenge, terms that fail the policy check, a counter-proposal
 * adding insurance, every sign-off, read models, time travel, audit, an amendment and a re-categorization.
 */
for (const backend of TEST_BACKENDS) {
  describe(`negotiation end to end on ${backend}`, () => {
    let server: TestServer;
    let acme: ReturnType<TestServer['as']>;
    let metro: ReturnType<TestServer['as']>;
    let harbor: ReturnType<TestServer['as']>;
    let trust: ReturnType<TestServer['as']>;
    let rogue: ReturnType<TestServer['as']>;
    let auditor: ReturnType<TestServer['as']>;
    const run = Date.now().toString(36);
    let assessmentId: string;
    let agreementId: string;
    let concludedDigest: string;
    let beforeSignOffs: string;
    let concludedToken: string | undefined;

    beforeAll(async () => {
      server = await startTestServer(backend);
      [acme, metro, harbor, trust, rogue, auditor] = ['acme-devices', 'metro-operations', 'harbor-insurance', 'trust-labs', 'rogue-devices', 'audit-office'].map(
        (client) => server.as(client),
      );
      const admin = server.as('consortium-admin');
      for (const organization of DEMO_ORGANIZATIONS) {
        const response = await admin(REGISTER_ORGANIZATION, { input: { ...organization, commandId: `register-${organization.id}` } });
        // Another suite on the same PostgreSQL database may have registered them already.
        if (response.errors && response.errors[0].extensions?.reason !== 'ORGANIZATION.ALREADY_REGISTERED') throw new Error(JSON.stringify(response.errors));
      }
    });
    afterAll(() => server.close());

    it('agrees a category for the rail use of the gateway through a challenge', async () => {
      const useCase = await ok(acme, REGISTER_USE_CASE, {
        input: {
          name: `Signal gateway on a commuter line ${run}`,
          unit: 'DEVICE',
          domain: 'TRANSPORTATION',
          formOfUse: { environment: 'Commuter rail trackside', role: 'Relays interlocking commands', userSkills: 'Licensed signal engineers' },
          description: 'The gateway in safety-relevant rail use.',
        },
      });
      const opened = await ok(acme, OPEN_ASSESSMENT, { input: { useCaseId: useCase.registerUseCase.id, participantIds: ['metro-operations'] } });
      assessmentId = opened.openAssessment.id;
      expect(opened.openAssessment).toMatchObject({ status: 'OPEN', revision: 0, participants: [{ id: 'acme-devices' }, { id: 'metro-operations' }] });

      await ok(acme, PROPOSE_ASSESSMENT, {
        input: { assessmentId, recovery: 'SEVERE', economic: 'CATASTROPHIC', impacts: IMPACTS, rationale: 'Life is at stake and outages are costly.' },
      });
      const challenged = await ok(metro, CHALLENGE_ASSESSMENT, {
        input: { assessmentId, revision: 1, recovery: 'SEVERE', economic: 'SERIOUS', reason: 'Outages are limited to one line.' },
      });
      expect(challenged.challengeAssessment.openChallenges).toEqual([{ challengedBy: { id: 'metro-operations' }, reason: 'Outages are limited to one line.' }]);

      const stale = await metro(ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 2 } });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ASSESSMENT.REVISION_STALE' });
      const outsider = await rogue(ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 1 } });
      expect(outsider.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      await ok(acme, PROPOSE_ASSESSMENT, {
        input: { assessmentId, baseRevision: 1, recovery: 'SEVERE', economic: 'SERIOUS', impacts: IMPACTS, rationale: 'Agreed: one line at a time.' },
      });
      await ok(acme, ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 2 } });
      const agreed = await ok(metro, ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 2 } });
      expect(agreed.endorseAssessment).toMatchObject({ status: 'AGREED', agreedCategory: { recovery: 'SEVERE', economic: 'SERIOUS' } });
    });

    it('lands the same device in another category in a second form of use', async () => {
      const useCase = await ok(acme, REGISTER_USE_CASE, {
        input: {
          name: `Signal gateway in a museum demo ${run}`,
          unit: 'DEVICE',
          domain: 'CONSUMER',
          formOfUse: { environment: 'Museum exhibit, no live traffic', role: 'Demonstration only', userSkills: 'Museum staff' },
          description: 'The same gateway with no safety role.',
        },
      });
      const opened = await ok(acme, OPEN_ASSESSMENT, { input: { useCaseId: useCase.registerUseCase.id, participantIds: ['metro-operations'] } });
      const id = opened.openAssessment.id;
      await ok(acme, PROPOSE_ASSESSMENT, { input: { assessmentId: id, recovery: 'LIMITED', economic: 'LIMITED', impacts: IMPACTS.slice(1), rationale: 'No live traffic.' } });
      await ok(acme, ENDORSE_ASSESSMENT, { input: { assessmentId: id, revision: 1 } });
      const agreed = await ok(metro, ENDORSE_ASSESSMENT, { input: { assessmentId: id, revision: 1 } });
      expect(agreed.endorseAssessment.agreedCategory).toEqual({ recovery: 'LIMITED', economic: 'LIMITED' });
    });

    it('refuses terms that miss a required perspective, then concludes on the counter-proposal with insurance', async () => {
      const opened = await ok(acme, OPEN_AGREEMENT, { input: { assessmentId, partyIds: ['metro-operations', 'harbor-insurance', 'trust-labs'] } });
      agreementId = opened.openAgreement.id;
      expect(opened.openAgreement).toMatchObject({ status: 'NEGOTIATING', category: { recovery: 'SEVERE', economic: 'SERIOUS' }, latestVersion: 0 });

      const first = await ok(acme, PROPOSE_TERMS, { input: { agreementId, baseVersion: 0, clauses: railTerms(false) } });
      expect(first.proposeTerms.policyCheck).toEqual({ satisfied: false, missing: ['SOCIAL_SUPPORT'] });
      const refused = await metro(SIGN_OFF, { input: { agreementId, version: 1, digest: first.proposeTerms.currentTerms.digest } });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BUSINESS_RULE_VIOLATION', reason: 'AGREEMENT.POLICY_CHECK_FAILED', missing: ['SOCIAL_SUPPORT'] });

      const counter = await ok(harbor, PROPOSE_TERMS, { input: { agreementId, baseVersion: 1, clauses: railTerms(true) } });
      expect(counter.proposeTerms.policyCheck).toEqual({ satisfied: true, missing: [] });
      const stale = await metro(PROPOSE_TERMS, { input: { agreementId, baseVersion: 1, clauses: railTerms(true) } });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'AGREEMENT.VERSION_SUPERSEDED', currentVersion: 2 });

      const digest = counter.proposeTerms.currentTerms.digest as string;
      const wrongDigest = await metro(SIGN_OFF, { input: { agreementId, version: 2, digest: '0'.repeat(64) } });
      expect(wrongDigest.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AGREEMENT.DIGEST_MISMATCH' });
      for (const [call, code] of [[rogue, 'FORBIDDEN'], [auditor, 'FORBIDDEN']] as const) {
        const response = await call(SIGN_OFF, { input: { agreementId, version: 2, digest } });
        expect(response.errors?.[0].extensions?.code).toBe(code);
      }

      beforeSignOffs = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const signers = [acme, metro, harbor];
      for (const signer of signers) {
        const signed = await ok(signer, SIGN_OFF, { input: { agreementId, version: 2, digest, commandId: `sign-${run}-${signers.indexOf(signer)}` } });
        expect(signed.signOff.status).toBe('NEGOTIATING');
      }
      const concluded = await ok(trust, SIGN_OFF, { input: { agreementId, version: 2, digest } });
      expect(concluded.signOff).toMatchObject({ status: 'CONCLUDED', concludedTerms: { version: 2, digest } });
      expect(concluded.signOff.signOffs).toHaveLength(4);
      concludedDigest = digest;
      concludedToken = concluded.consistencyToken;
      expect(concludedToken).toMatch(/^pg:/);

      // A retried sign-off answers its first outcome and records nothing.
      const historyBefore = await ok(auditor, `query($id: ID!) { history(id: $id) { revision } }`, { id: agreementId });
      const retried = await ok(acme, SIGN_OFF, { input: { agreementId, version: 2, digest, commandId: `sign-${run}-0` } });
      expect(retried.signOff.status).toBe('NEGOTIATING');
      const historyAfter = await ok(auditor, `query($id: ID!) { history(id: $id) { revision } }`, { id: agreementId });
      expect(historyAfter.history).toHaveLength(historyBefore.history.length);
    });

    it('serves the read models, with read-your-writes through the consistency token', async () => {
      const caughtUp = await ok(metro, `query($id: ID!, $token: String) { agreement(id: $id, consistencyToken: $token) { id status } }`, {
        id: agreementId,
        token: concludedToken,
      });
      expect(caughtUp.agreement).toEqual({ id: agreementId, status: 'CONCLUDED' });
      const touch = await ok(acme, `mutation($input: RejectTermsInput!) { rejectTerms(input: $input) { id } }`, {
        input: { agreementId, version: 2, reason: 'probe' },
      }).catch((error: Error) => error);
      expect(touch).toBeInstanceOf(Error); // concluded terms cannot be rejected: nothing recorded

      const token = (await server.graphql(`query { me { organizationId } }`, {}, await server.token('acme-devices'))).extensions?.consistencyToken;
      expect(token).toBeUndefined();

      const view = await ok(metro, `query($id: ID!) { agreement(id: $id) { ${AGREEMENT_FIELDS} } }`, { id: agreementId });
      expect(view.agreement).toMatchObject({ status: 'CONCLUDED', concludedTerms: { version: 2, digest: concludedDigest } });
      expect(view.agreement.responsibilities).toEqual(
        expect.arrayContaining([{ perspective: 'SOCIAL_SUPPORT', party: { id: 'harbor-insurance' } }]),
      );
      const hidden = await rogue(`query($id: ID!) { agreement(id: $id) { id status } }`, { id: agreementId });
      expect(hidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(hidden.data).toBeNull();
      const audited = await ok(auditor, `query($id: ID!) { agreement(id: $id) { status } }`, { id: agreementId });
      expect(audited.agreement.status).toBe('CONCLUDED');

      const matrix = await ok(rogue, `query { categoryMatrix { recovery economic useCases assessmentsAgreed agreementsConcluded perspectives { perspective required covered gaps } } }`);
      const cell = matrix.categoryMatrix.find((c: { recovery: string; economic: string }) => c.recovery === 'SEVERE' && c.economic === 'SERIOUS');
      expect(matrix.categoryMatrix).toHaveLength(9);
      expect(cell.agreementsConcluded).toBeGreaterThanOrEqual(1);
      expect(cell.assessmentsAgreed).toBeGreaterThanOrEqual(1);
      const limited = matrix.categoryMatrix.find((c: { recovery: string; economic: string }) => c.recovery === 'LIMITED' && c.economic === 'LIMITED');
      expect(limited.useCases).toBeGreaterThanOrEqual(1);

      const obligations = await ok(harbor, `query { obligations { agreementId clause { perspective title coverage { amount currency } } } }`);
      expect(obligations.obligations).toEqual(
        expect.arrayContaining([
          { agreementId, clause: { perspective: 'SOCIAL_SUPPORT', title: 'Liability insurance', coverage: { amount: 500_000_000, currency: 'JPY' } } },
        ]),
      );
      const othersObligations = await rogue(`query { obligations(organizationId: "harbor-insurance") { agreementId } }`);
      expect(othersObligations.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const coverage = await ok(harbor, `query { socialSupportCoverage { recovery economic required covered agreements { agreementId covered insuranceClauses { amount currency } } hiddenCount } }`);
      const coverageCell = coverage.socialSupportCoverage.find((c: { recovery: string; economic: string }) => c.recovery === 'SEVERE' && c.economic === 'SERIOUS');
      expect(coverageCell.agreements).toEqual(
        expect.arrayContaining([{ agreementId, covered: true, insuranceClauses: [{ amount: 500_000_000, currency: 'JPY' }] }]),
      );
      const comparison = await ok(rogue, `query { categoryComparison(recovery: SEVERE, economic: SERIOUS) { agreements perspectives { perspective agreements } templates { templateId } } }`);
      expect(comparison.categoryComparison.agreements).toBeGreaterThanOrEqual(1);
      expect(comparison.categoryComparison.templates.map((t: { templateId: string }) => t.templateId)).toContain('iot-ssf-liability-insurance');
    });

    it('rebuilds past states from events and verifies the hash chain', async () => {
      const asOf = await ok(metro, `query($id: ID!, $asOf: DateTime!) { agreement(id: $id, asOf: $asOf) { status signOffs { organization { id } } } }`, {
        id: agreementId,
        asOf: beforeSignOffs,
      });
      expect(asOf.agreement).toEqual({ status: 'NEGOTIATING', signOffs: [] });
      const versionOne = await ok(metro, `query($id: ID!) { agreement(id: $id, version: 1) { currentTerms { version } policyCheck { missing } } }`, { id: agreementId });
      expect(versionOne.agreement).toEqual({ currentTerms: { version: 1 }, policyCheck: { missing: ['SOCIAL_SUPPORT'] } });
      const diff = await ok(metro, `query($id: ID!) { termsDiff(agreementId: $id, from: 1, to: 2) { added { title } removed { title } unchangedCount } }`, { id: agreementId });
      expect(diff.termsDiff).toEqual({ added: [{ title: 'Liability insurance' }], removed: [], unchangedCount: 3 });

      const history = await ok(auditor, `query($id: ID!) { history(id: $id) { revision type actor { subject organizationId } hash previousHash } }`, { id: agreementId });
      const types = history.history.map((event: { type: string }) => event.type);
      expect(types.slice(0, 3)).toEqual(['AgreementOpened', 'AgreementTermsProposed', 'AgreementTermsProposed']);
      expect(types.at(-2)).toBe('AgreementSignedOff');
      expect(types.at(-1)).toBe('AgreementConcluded');
      for (let index = 1; index < history.history.length; index++) {
        expect(history.history[index].previousHash).toBe(history.history[index - 1].hash);
      }
      expect(history.history[0].actor.organizationId).toBe('acme-devices');
      const verified = await ok(auditor, `query($id: ID!) { verifyHistory(id: $id) { intact eventCount headHash firstBrokenRevision } }`, { id: agreementId });
      expect(verified.verifyHistory).toEqual({ intact: true, eventCount: history.history.length, headHash: history.history.at(-1).hash, firstBrokenRevision: null });
      const forbidden = await rogue(`query($id: ID!) { history(id: $id) { revision } }`, { id: agreementId });
      expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('negotiates an amendment while the concluded version stays in force', async () => {
      const amended = await ok(acme, PROPOSE_TERMS, {
        input: { agreementId, baseVersion: 2, clauses: railTerms(true).map((clause, index) => (index === 1 ? { ...clause, text: 'Monthly inspection.' } : clause)) },
      });
      expect(amended.proposeTerms).toMatchObject({ status: 'AMENDING', latestVersion: 3, concludedTerms: { version: 2, digest: concludedDigest } });
    });

    it('marks the agreement for review when the assessment is re-agreed in another category', async () => {
      await ok(metro, REOPEN_ASSESSMENT, {
        input: { assessmentId, reason: 'New line with higher traffic', recovery: 'SEVERE', economic: 'CATASTROPHIC', impacts: IMPACTS, rationale: 'Traffic grew.' },
      });
      const assessment = await ok(metro, `query($id: ID!) { assessment(id: $id, asOf: "${new Date().toISOString()}") { ${ASSESSMENT_FIELDS} } }`, { id: assessmentId });
      const revision = assessment.assessment.revision as number;
      await ok(acme, ENDORSE_ASSESSMENT, { input: { assessmentId, revision } });
      await ok(metro, ENDORSE_ASSESSMENT, { input: { assessmentId, revision } });

      // The saga runs in the background: follow the agreement's stream until the review is recorded.
      let review: unknown = null;
      for (let attempt = 0; attempt < 100 && review === null; attempt++) {
        const history = await ok(auditor, `query($id: ID!) { history(id: $id) { type data } }`, { id: agreementId });
        review = history.history.find((event: { type: string }) => event.type === 'AgreementMarkedForReview')?.data ?? null;
        if (review === null) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(review).toMatchObject({ previousCategory: { recovery: 'SEVERE', economic: 'SERIOUS' }, newCategory: { recovery: 'SEVERE', economic: 'CATASTROPHIC' } });
      const now = await ok(metro, `query($id: ID!) { agreement(id: $id, asOf: "${new Date().toISOString()}") { status review { newCategory { economic } } concludedTerms { version } } }`, { id: agreementId });
      expect(now.agreement).toEqual({ status: 'REVIEW_REQUIRED', review: { newCategory: { economic: 'CATASTROPHIC' } }, concludedTerms: { version: 2 } });
    });
  });
}
