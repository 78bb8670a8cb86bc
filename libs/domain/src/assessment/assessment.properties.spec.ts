import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ALL_CATEGORIES, sameCategory } from '../category/category.js';
import { DomainError } from '../shared/domain-error.js';
import { ASSESSMENT, challenge, content, endorse, open } from '../testing/assessment.fixtures.js';
import { ACME, by, HARBOR, METRO, ROGUE } from '../testing/fixtures.js';
import type { AssessmentCommand } from './assessment.commands.js';
import { assessmentDecider } from './assessment.decider.js';
import type { AssessmentEvent } from './assessment.events.js';
import type { AssessmentState, OpenedAssessment } from './assessment.state.js';

const ACTORS = [ACME, METRO, HARBOR, ROGUE];
const step = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('endorse' as const), weight: 8 },
    { arbitrary: fc.constantFrom('propose' as const, 'challenge' as const, 'reopen' as const), weight: 2 },
  ),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  revisionOffset: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.constantFrom(-1, 1), weight: 1 }),
  category: fc.constantFrom(...ALL_CATEGORIES),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function toCommand(s: Step, state: AssessmentState): AssessmentCommand {
  const org = ACTORS[s.actor];
  const revision = (state.status === 'NONE' ? 0 : state.revision) + s.revisionOffset;
  switch (s.kind) {
    case 'endorse':
      return endorse(org, revision);
    case 'challenge':
      return challenge(org, revision, s.category);
    case 'propose':
      return { type: 'ProposeAssessmentRevision', data: { assessmentId: ASSESSMENT, baseRevision: revision, ...content(s.category) }, metadata: by(org) };
    case 'reopen':
      return { type: 'ReopenAssessment', data: { assessmentId: ASSESSMENT, reason: 'New data', ...content(s.category) }, metadata: by(org) };
  }
}

describe('Assessment properties', () => {
  it('hold over random command sequences', () => {
    let agreedRuns = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 5, maxLength: 60 }), (steps) => {
        const log: AssessmentEvent[] = assessmentDecider.decide(open(ACME, [METRO, HARBOR]), assessmentDecider.initialState());
        let state = log.reduce(assessmentDecider.evolve, assessmentDecider.initialState());
        for (const s of steps) {
          let events: AssessmentEvent[];
          try {
            events = assessmentDecider.decide(toCommand(s, state), state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
          const before = state as OpenedAssessment;
          const after = events.reduce(assessmentDecider.evolve, state) as OpenedAssessment;
          // Revisions only grow.
          expect(after.revision).toBeGreaterThanOrEqual(before.revision);
          for (const event of events) {
            if (event.type === 'AssessmentRevisionProposed') expect(event.data.revision).toBe(before.revision + 1);
            if (event.type === 'AssessmentAgreed') {
              expect(sameCategory(event.data.previousCategory, before.agreedCategory)).toBe(true);
              expect(event.data.revision).toBe(before.revision);
            }
          }
          // Agreed means every participant endorsed the current revision, whose rating is the category.
          if (after.status === 'AGREED') {
            expect([...after.endorsedBy].sort()).toEqual([...after.participantIds].sort());
            expect(after.agreedCategory).toEqual({ recovery: after.current?.recovery, economic: after.current?.economic });
            expect(after.agreedRevision).toBe(after.revision);
          }
          // Endorsers and open challengers are participants, and nobody both endorses and challenges.
          for (const p of after.endorsedBy) expect(after.participantIds).toContain(p);
          for (const c of after.openChallenges) expect(after.endorsedBy).not.toContain(c.challengedBy);
          log.push(...events);
          state = after;
        }
        expect(log.reduce(assessmentDecider.evolve, assessmentDecider.initialState())).toEqual(state);
        expect(() => [...log].reverse().reduce(assessmentDecider.evolve, assessmentDecider.initialState())).not.toThrow();
        if (state.status === 'AGREED') agreedRuns += 1;
      }),
      { numRuns: 300 },
    );
    expect(agreedRuns).toBeGreaterThan(10);
  });
});
