import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ALL_CATEGORIES } from '../category/category.js';
import { DomainError } from '../shared/domain-error.js';
import type { ClauseInput } from '../terms/clause.js';
import { termsDigest } from '../terms/terms-digest.js';
import { AGREEMENT_ID, declaration, fullTerms, markForReview, openAgreement } from '../testing/agreement.fixtures.js';
import { ACME, by, HARBOR, HIGH, METRO, ROGUE, TRUST } from '../testing/fixtures.js';
import type { AgreementCommand } from './agreement.commands.js';
import { agreementDecider } from './agreement.decider.js';
import type { AgreementEvent } from './agreement.events.js';
import type { AgreementState, OpenedAgreement } from './agreement.state.js';

/** Each scenario: who may act (a non-party included) and terms to propose (some invalid, some failing the check). */
const SCENARIOS = {
  low: {
    actors: [ACME, METRO, ROGUE],
    terms: [
      [declaration()],
      [declaration(METRO, 'Patching'), { ...declaration(ACME, 'Manual'), perspective: 'DURING_OPERATION', confirmation: { method: 'INFORMATION_PROVISION' } }],
      [{ ...declaration(METRO, 'Interim'), perspective: 'DURING_OPERATION', confirmation: { method: 'SELF_INSPECTION' }, substitutesFor: { perspective: 'BEFORE_OPERATION', until: '2026-03-10' } }],
      [declaration(ROGUE)],
    ] as ClauseInput[][],
  },
  high: {
    actors: [ACME, METRO, HARBOR, TRUST, ROGUE],
    terms: [
      fullTerms(),
      [declaration()],
      [
        ...fullTerms().filter((c) => c.perspective !== 'OPERATOR_COMPETENCE'),
        { ...declaration(ACME, 'Manual'), confirmation: { method: 'INFORMATION_PROVISION' }, substitutesFor: { perspective: 'OPERATOR_COMPETENCE', until: '2026-03-10' } },
      ],
      [...fullTerms().slice(0, 3), { ...declaration(METRO, 'Fund'), perspective: 'SOCIAL_SUPPORT', confirmation: { method: 'WAIVER' } }],
    ] as ClauseInput[][],
  },
};
type Scenario = (typeof SCENARIOS)[keyof typeof SCENARIOS];

/** A command described relative to the state it will meet, so that random runs reach deep states. */
const step = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('sign' as const), weight: 16 },
    { arbitrary: fc.constant('propose' as const), weight: 2 },
    { arbitrary: fc.constantFrom('reject' as const, 'withdraw' as const, 'review' as const), weight: 1 },
    { arbitrary: fc.constantFrom('proposeTermination' as const, 'signTermination' as const, 'rejectTermination' as const), weight: 4 },
  ),
  actor: fc.nat({ max: 99 }),
  versionOffset: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.constantFrom(-1, 1), weight: 1 }),
  terms: fc.nat({ max: 99 }),
  day: fc.integer({ min: 1, max: 20 }),
  category: fc.constantFrom(...ALL_CATEGORIES),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function toCommand(s: Step, state: AgreementState, scenario: Scenario): AgreementCommand {
  const org = scenario.actors[s.actor % scenario.actors.length];
  const terms = scenario.terms[s.terms % scenario.terms.length];
  const metadata = by(org, `2026-03-${String(s.day).padStart(2, '0')}T09:00:00Z`);
  const current = state.status === 'NONE' ? null : state.current;
  const version = (current?.version ?? 0) + s.versionOffset;
  const agreementId = AGREEMENT_ID;
  switch (s.kind) {
    case 'propose':
      return { type: 'ProposeTerms', data: { agreementId, baseVersion: version, clauses: terms }, metadata };
    case 'sign':
      return { type: 'SignOff', data: { agreementId, version, digest: current && s.versionOffset === 0 ? current.digest : termsDigest(terms) }, metadata };
    case 'reject':
      return { type: 'RejectTerms', data: { agreementId, version, reason: 'No' }, metadata };
    case 'withdraw':
      return { type: 'WithdrawFromAgreement', data: { agreementId, reason: 'Out' }, metadata };
    case 'proposeTermination':
      return { type: 'ProposeTermination', data: { agreementId, reason: 'End' }, metadata };
    case 'signTermination':
      return { type: 'SignTermination', data: { agreementId }, metadata };
    case 'rejectTermination':
      return { type: 'RejectTermination', data: { agreementId, reason: 'Keep' }, metadata };
    case 'review':
      return markForReview(s.category);
  }
}

function checkInvariants(before: AgreementState, events: AgreementEvent[], after: OpenedAgreement): void {
  // A concluded version holds a sign-off from every party on its digest.
  if (after.concluded) {
    for (const party of after.parties) {
      expect(after.concluded.signOffs).toContainEqual({ organizationId: party, version: after.concluded.version, digest: after.concluded.digest });
    }
    for (const clause of after.concluded.clauses) expect(after.parties).toContain(clause.responsiblePartyId);
  }
  if (after.status === 'CONCLUDED' || after.status === 'AMENDING') expect(after.concluded).not.toBeNull();
  const previous = before.status === 'NONE' ? null : before;
  // Versions only grow; a proposal names only current parties as responsible.
  expect(after.latestVersion).toBeGreaterThanOrEqual(previous?.latestVersion ?? 0);
  for (const event of events) {
    if (event.type === 'AgreementTermsProposed') {
      expect(event.data.version).toBeGreaterThan(previous?.latestVersion ?? 0);
      for (const clause of event.data.clauses) expect(previous?.parties).toContain(clause.responsiblePartyId);
    }
    if (event.type === 'AgreementConcluded') expect(event.data.policyCheck.satisfied).toBe(true);
  }
  // Sign-offs only ever concern the current version.
  for (const s of after.signOffs) expect(s.version).toBe(after.current?.version);
}

describe('Agreement properties', () => {
  it('hold over random command sequences', () => {
    let concludedRuns = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { minLength: 10, maxLength: 80 }), (high, steps) => {
        // Two parties in a low category, or four (with insurer and certifier) in the highest one.
        const scenario = high ? SCENARIOS.high : SCENARIOS.low;
        const opening = high ? openAgreement({ parties: [METRO, HARBOR, TRUST], category: HIGH }) : openAgreement();
        const log: AgreementEvent[] = agreementDecider.decide(opening, agreementDecider.initialState());
        let state = log.reduce(agreementDecider.evolve, agreementDecider.initialState());
        for (const s of steps) {
          let events: AgreementEvent[];
          try {
            events = agreementDecider.decide(toCommand(s, state, scenario), state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          // Event data is plain JSON: no undefined, no Date, survives a round trip unchanged.
          expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
          const next = events.reduce(agreementDecider.evolve, state);
          checkInvariants(state, events, next as OpenedAgreement);
          log.push(...events);
          state = next;
        }
        // Replaying the log rebuilds the same state.
        expect(log.reduce(agreementDecider.evolve, agreementDecider.initialState())).toEqual(state);
        if (state.status !== 'NONE' && state.concluded) concludedRuns += 1;
      }),
      { numRuns: 400 },
    );
    // The generator must actually reach conclusions for the properties to mean something.
    expect(concludedRuns).toBeGreaterThan(30);
  });

  it('evolve never throws on decided events in any order', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { minLength: 1, maxLength: 30 }), fc.integer(), (high, steps, seed) => {
        const scenario = high ? SCENARIOS.high : SCENARIOS.low;
        const opening = high ? openAgreement({ parties: [METRO, HARBOR, TRUST], category: HIGH }) : openAgreement();
        const log: AgreementEvent[] = agreementDecider.decide(opening, agreementDecider.initialState());
        let state = log.reduce(agreementDecider.evolve, agreementDecider.initialState());
        for (const s of steps) {
          try {
            const events = agreementDecider.decide(toCommand(s, state, scenario), state);
            log.push(...events);
            state = events.reduce(agreementDecider.evolve, state);
          } catch {
            // refusals leave the log unchanged
          }
        }
        const shuffled = [...log].sort((a, b) => ((a.type.length * 31 + seed) % 7) - ((b.type.length * 31 + seed) % 7));
        expect(() => shuffled.reduce(agreementDecider.evolve, agreementDecider.initialState())).not.toThrow();
        expect(() => log.slice(1).reduce(agreementDecider.evolve, agreementDecider.initialState())).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
