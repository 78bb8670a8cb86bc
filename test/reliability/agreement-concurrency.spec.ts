import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agreementDecider, type AgreementEvent, type AgreementState } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { streamOf } from '../../src/application/streams.js';
import { railTerms } from '../support/demo-consortium.js';
import { startFreshTestServer } from '../support/fresh-test-server.js';
import { TEST_BACKENDS } from '../support/test-databases.js';
import type { TestServer } from '../support/test-server.js';
import { agreementWithTerms, PARTIES, registerConsortium } from './support/agreement-setup.js';
import { LEGITIMATE_CONCURRENCY_REFUSALS } from './support/contract-codes.js';

/**
 * Issue 6, item 4: the four parties of one agreement sign, propose and reject at once, through
 * parallel HTTP requests. Every answer is a success or one of the legitimate refusals below, and
 * the stream that results satisfies the domain's invariants when folded with agreementDecider.
 * The legitimate refusals are listed in support/contract-codes.ts.
 */

const PROPOSE = `mutation($input: ProposeTermsInput!) { proposeTerms(input: $input) { latestVersion } }`;
const SIGN = `mutation($input: SignOffInput!) { signOff(input: $input) { status } }`;
const REJECT = `mutation($input: RejectTermsInput!) { rejectTerms(input: $input) { status } }`;
const CURRENT = `query($id: ID!, $at: DateTime!) { agreement(id: $id, asOf: $at) { status latestVersion currentTerms { version digest } } }`;

describe.each(TEST_BACKENDS)('concurrent negotiation on one agreement (%s)', (backend) => {
  let server: TestServer;
  const outcomes: Record<string, number> = {};
  beforeAll(async () => {
    server = await startFreshTestServer(backend);
    await registerConsortium(server);
  }, 60_000);
  afterAll(() => server.close());

  it('answers every request with success or a legitimate refusal, and keeps every invariant', async () => {
    const { agreementId } = await agreementWithTerms(server, `Concurrent ${backend}`);
    const auditor = server.as('audit-office');
    let request = 0;
    for (let round = 0; round < 7; round++) {
      const current = await auditor(CURRENT, { id: agreementId, at: new Date(Date.now() + 1_000).toISOString() });
      const terms = (current.data as { agreement: { currentTerms: { version: number; digest: string } } }).agreement.currentTerms;
      const calls: Array<Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }>; status: number }>> = [];
      for (const party of PARTIES) {
        const as = server.as(party);
        // Each party signs twice (two commandIds), and in some rounds proposes a counter-version or rejects.
        for (let copy = 0; copy < 2; copy++) {
          calls.push(as(SIGN, { input: { agreementId, version: terms.version, digest: terms.digest, commandId: `s-${round}-${party}-${copy}-${request++}` } }));
        }
        // The last rounds only sign, so the negotiation concludes whatever the interleaving was.
        if (round < 5 && (round + PARTIES.indexOf(party)) % 3 === 0) {
          const clauses = railTerms(true).map((clause, index) => (index === 1 ? { ...clause, text: `Inspection round ${round} by ${party}` } : clause));
          calls.push(as(PROPOSE, { input: { agreementId, baseVersion: terms.version, clauses } }));
        }
        if (round % 4 === 1 && party === 'trust-labs') calls.push(as(REJECT, { input: { agreementId, version: terms.version, reason: 'Too fast' } }));
      }
      for (const response of await Promise.all(calls)) {
        expect(response.status).toBeLessThan(500);
        const error = response.errors?.[0]?.extensions;
        const key = error ? `${String(error.code)}:${String(error.reason)}` : 'OK';
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      }
    }
    process.stdout.write(`concurrency ${backend}: ${JSON.stringify(outcomes)}\n`);
    const unexpected = Object.keys(outcomes).filter((key) => key !== 'OK' && !LEGITIMATE_CONCURRENCY_REFUSALS.has(key));
    expect(unexpected).toEqual([]);
    expect(outcomes.OK).toBeGreaterThan(0);

    // The stream, folded event by event with the domain's evolve.
    const store = server.app.get<EventStore>(EVENT_STORE);
    const recorded = await store.readStream(streamOf('agreement', agreementId));
    let state: AgreementState = agreementDecider.initialState();
    let lastVersion = 0;
    let concluded = 0;
    const violations: string[] = [];
    for (const event of recorded) {
      const domainEvent = { type: event.type, data: event.data } as AgreementEvent;
      const before = state;
      state = agreementDecider.evolve(state, domainEvent);
      if (state.status === 'NONE') {
        violations.push(`${event.revision}: no state after ${event.type}`);
        continue;
      }
      if (state.latestVersion < lastVersion) violations.push(`${event.revision}: version went back to ${state.latestVersion}`);
      lastVersion = state.latestVersion;
      for (const clause of state.current?.clauses ?? []) {
        if (!state.parties.includes(clause.responsiblePartyId)) violations.push(`${event.revision}: clause of a non-party ${clause.responsiblePartyId}`);
      }
      if (domainEvent.type === 'AgreementTermsProposed') {
        const previous = before.status === 'NONE' ? 0 : before.latestVersion;
        if (domainEvent.data.version !== previous + 1) violations.push(`${event.revision}: version ${domainEvent.data.version} after ${previous}`);
        if (before.status !== 'NONE' && domainEvent.data.baseVersion !== (before.current?.version ?? 0)) {
          violations.push(`${event.revision}: built on superseded ${domainEvent.data.baseVersion}`);
        }
      }
      if (domainEvent.type === 'AgreementSignedOff' && before.status !== 'NONE') {
        if (domainEvent.data.version !== before.current?.version || domainEvent.data.digest !== before.current?.digest) {
          violations.push(`${event.revision}: sign-off of v${domainEvent.data.version} while v${before.current?.version} is current`);
        }
        if (before.signOffs.some((s) => s.organizationId === domainEvent.data.signedBy && s.version === domainEvent.data.version)) {
          violations.push(`${event.revision}: second sign-off by ${domainEvent.data.signedBy}`);
        }
      }
      if (domainEvent.type === 'AgreementConcluded' && before.status !== 'NONE') {
        concluded += 1;
        const signers = new Set(before.signOffs.filter((s) => s.version === domainEvent.data.version && s.digest === domainEvent.data.digest).map((s) => s.organizationId));
        const missing = before.parties.filter((party) => !signers.has(party));
        if (missing.length > 0) violations.push(`${event.revision}: concluded without ${missing.join(', ')}`);
        if (domainEvent.data.digest !== before.current?.digest) violations.push(`${event.revision}: concluded digest is not the current terms'`);
        if (!domainEvent.data.policyCheck.satisfied) violations.push(`${event.revision}: concluded with a failing policy check`);
      }
    }
    expect(violations).toEqual([]);
    expect(concluded).toBeGreaterThan(0);

    const verified = await auditor(`query($id: ID!) { verifyHistory(id: $id) { intact eventCount firstBrokenRevision } }`, { id: agreementId });
    expect(verified.data).toEqual({ verifyHistory: { intact: true, eventCount: recorded.length, firstBrokenRevision: null } });
  }, 120_000);
});
