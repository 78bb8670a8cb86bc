import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runDemo, type DemoResult } from '../scripts/demo.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** `npm run demo` against a real server with its embedded identity provider, twice in a row. */
describe('npm run demo', () => {
  let server: TestServer;
  let first: DemoResult;
  let output: string[];

  beforeAll(async () => {
    server = await startTestServer('pglite');
    output = [];
    first = await runDemo({ baseUrl: server.baseUrl, log: (line) => output.push(line) });
  });
  afterAll(() => server.close());

  it('concludes the agreement on the counter-proposal, then opens an amendment', () => {
    expect(first.statuses).toEqual({ concluded: 'CONCLUDED', amended: 'AMENDING' });
    expect(first.concludedVersion).toBe(2);
  });

  it('lands the device in two categories, both in the matrix', () => {
    expect(first.useCases.map((useCase) => useCase.category)).toEqual([
      { recovery: 'SEVERE', economic: 'SERIOUS' },
      { recovery: 'SERIOUS', economic: 'LIMITED' },
    ]);
    expect(first.matrix).toHaveLength(9);
    const cell = (recovery: string, economic: string) => first.matrix.find((c) => c.recovery === recovery && c.economic === economic);
    expect(cell('SEVERE', 'SERIOUS')).toMatchObject({ useCases: 1, assessmentsAgreed: 1, agreementsConcluded: 1 });
    expect(cell('SERIOUS', 'LIMITED')).toMatchObject({ useCases: 1, assessmentsAgreed: 1, agreementsConcluded: 0 });
  });

  it('prints an intact, hash-chained audit trail of the agreement', () => {
    const types = first.history.map((event) => event.type);
    expect(types).toEqual([
      'AgreementOpened',
      'AgreementTermsProposed',
      'AgreementTermsProposed',
      ...Array(5).fill('AgreementSignedOff'),
      'AgreementConcluded',
      'AgreementTermsProposed',
    ]);
    expect(first.history.at(1)?.actor.organizationId).toBe('acme-devices');
    expect(first.history.at(2)?.actor.organizationId).toBe('harbor-insurance');
    expect(first.verification).toMatchObject({ intact: true, eventCount: 10, headHash: first.history.at(-1)?.hash, firstBrokenRevision: null });

    const text = output.join('\n');
    expect(text).toContain('sign-off of v1 refused: BUSINESS_RULE_VIOLATION AGREEMENT.POLICY_CHECK_FAILED');
    expect(text).toMatch(/\| rev \| event\s+\| actor org\s+\| occurred at \(UTC\)\s+\| hash/);
    expect(text).toContain('| recovery \\ economic |');
    expect(text).toContain('verifyHistory: intact, 10 events');
  });

  it('runs again on the same server: the consortium is already registered, the rest is new', async () => {
    const lines: string[] = [];
    const second = await runDemo({ baseUrl: server.baseUrl, log: (line) => lines.push(line) });
    expect(second.runId).not.toBe(first.runId);
    expect(second.agreementId).not.toBe(first.agreementId);
    expect(second.statuses).toEqual({ concluded: 'CONCLUDED', amended: 'AMENDING' });
    const cell = second.matrix.find((c) => c.recovery === 'SEVERE' && c.economic === 'SERIOUS');
    expect(cell).toMatchObject({ useCases: 2, assessmentsAgreed: 2, agreementsConcluded: 2 });
  });

  it('fails with the step and a clear message when the server is not there', async () => {
    await expect(runDemo({ baseUrl: 'http://127.0.0.1:1', log: () => {} })).rejects.toThrow(/token for consortium-admin: cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
