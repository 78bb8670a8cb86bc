import { describe, expect, it } from '@jest/globals';
import { spec } from '../shared/decider-specification.js';
import { fold } from '../shared/decider.js';
import { challenge, content, endorse, open, propose, reopen } from '../testing/assessment.fixtures.js';
import { ACME, AUDIT, CONSORTIUM, HARBOR, HIGH, history, LOW, METRO, MID, ROGUE } from '../testing/fixtures.js';
import { assessmentDecider } from './assessment.decider.js';
import type { AssessmentEvent } from './assessment.events.js';

const given = spec(assessmentDecider).given;
const run = (...commands: Parameters<typeof assessmentDecider.decide>[0][]) => history(assessmentDecider, ...commands);
const opened = run(open());
const proposed = run(open(), propose(ACME));
const agreed = run(open(), propose(ACME), endorse(ACME, 1), endorse(METRO, 1));

describe('Assessment', () => {
  describe('OpenAssessment', () => {
    it('opens among the listed organizations and the opener', () =>
      given([])
        .when(open(ACME, [METRO, METRO]))
        .then([{ type: 'AssessmentOpened', data: { assessmentId: 'asm-1', useCaseId: 'uc-1', participantIds: [ACME, METRO], openedBy: ACME } }]));
    it('adds the opener when not listed', () =>
      given([])
        .when(open(HARBOR, [ACME, METRO]))
        .thenMatches((events) => expect(events[0].data).toMatchObject({ participantIds: [HARBOR, ACME, METRO] })));
    it('refuses auditors and pure admins', () => {
      given([]).when(open(AUDIT)).thenThrows('ASSESSMENT.FORBIDDEN');
      given([]).when(open(CONSORTIUM)).thenThrows('ASSESSMENT.FORBIDDEN');
    });
    it('refuses an existing id', () => given(opened).when(open()).thenThrows('ASSESSMENT.ALREADY_OPENED'));
    it('needs a second organization', () =>
      given([]).when(open(ACME, [ACME])).thenThrows('ASSESSMENT.INVALID', { field: 'participantIds' }));
  });

  describe('ProposeAssessmentRevision', () => {
    it('proposes revision 1', () =>
      given(opened)
        .when(propose(METRO, MID, 0))
        .then([
          {
            type: 'AssessmentRevisionProposed',
            data: { assessmentId: 'asm-1', revision: 1, proposedBy: METRO, answeredChallenges: [], ...content(MID), likelihoodNote: null },
          },
        ]));
    it('answers open challenges and clears endorsements', () => {
      const events = run(open(), propose(ACME), endorse(ACME, 1), challenge(METRO, 1, HIGH), propose(ACME, HIGH));
      expect(events.at(-1)?.data).toMatchObject({ revision: 2, answeredChallenges: [METRO] });
      const state = fold(assessmentDecider, events);
      expect(state).toMatchObject({ revision: 2, endorsedBy: [], openChallenges: [] });
    });
    it('refuses non-participants', () => given(opened).when(propose(ROGUE)).thenThrows('ASSESSMENT.NOT_PARTICIPANT'));
    it('refuses a stale base revision', () =>
      given(proposed).when(propose(METRO, MID, 0)).thenThrows('ASSESSMENT.REVISION_STALE', { currentRevision: 1 }));
    it('refuses a proposal without impact statements', () =>
      given(opened)
        .when({ ...propose(ACME), data: { ...propose(ACME).data, impacts: [] } })
        .thenThrows('ASSESSMENT.INVALID', { field: 'impacts' }));
    it('refuses an unknown level', () =>
      given(opened)
        .when({ ...propose(ACME), data: { ...propose(ACME).data, recovery: 'FATAL' as never } })
        .thenThrows('ASSESSMENT.INVALID', { field: 'recovery' }));
    it('refuses once agreed (reopen instead)', () => given(agreed).when(propose(ACME)).thenThrows('ASSESSMENT.INVALID_STATUS'));
    it('refuses an unknown assessment', () => given([]).when(propose(ACME)).thenThrows('ASSESSMENT.NOT_FOUND'));
  });

  describe('ChallengeAssessmentRevision', () => {
    it('records the counter-rating and withdraws the challenger endorsement', () => {
      const given1 = run(open(), propose(ACME), endorse(METRO, 1));
      given(given1)
        .when(challenge(METRO, 1, HIGH))
        .then([
          {
            type: 'AssessmentRevisionChallenged',
            data: { assessmentId: 'asm-1', revision: 1, challengedBy: METRO, ...HIGH, reason: 'Life is at stake' },
          },
        ]);
      const after = fold(assessmentDecider, run(open(), propose(ACME), endorse(METRO, 1), challenge(METRO, 1, HIGH)));
      expect(after).toMatchObject({ endorsedBy: [], openChallenges: [{ challengedBy: METRO, revision: 1 }] });
    });
    it('refuses a stale revision', () =>
      given(run(open(), propose(ACME), propose(METRO, MID)))
        .when(challenge(ACME, 1, HIGH))
        .thenThrows('ASSESSMENT.REVISION_STALE', { currentRevision: 2 }));
    it('refuses before any revision', () =>
      given(opened).when(challenge(ACME, 1, HIGH)).thenThrows('ASSESSMENT.REVISION_STALE', { currentRevision: 0 }));
    it('needs a reason', () => given(proposed).when(challenge(METRO, 1, HIGH, ' ')).thenThrows('ASSESSMENT.INVALID'));
    it('refuses non-participants', () => given(proposed).when(challenge(ROGUE, 1, HIGH)).thenThrows('ASSESSMENT.NOT_PARTICIPANT'));
    it('refuses once agreed', () => given(agreed).when(challenge(METRO, 1, HIGH)).thenThrows('ASSESSMENT.INVALID_STATUS'));
  });

  describe('EndorseAssessmentRevision', () => {
    it('records an endorsement', () =>
      given(proposed)
        .when(endorse(METRO, 1))
        .then([{ type: 'AssessmentEndorsed', data: { assessmentId: 'asm-1', revision: 1, endorsedBy: METRO } }]));
    it('agrees the category with the last endorsement', () =>
      given(run(open(), propose(ACME, MID), endorse(ACME, 1)))
        .when(endorse(METRO, 1))
        .then([
          { type: 'AssessmentEndorsed', data: { assessmentId: 'asm-1', revision: 1, endorsedBy: METRO } },
          {
            type: 'AssessmentAgreed',
            data: { assessmentId: 'asm-1', useCaseId: 'uc-1', revision: 1, category: MID, previousCategory: null, participantIds: [ACME, METRO] },
          },
        ]));
    it('closes the endorser own challenge', () => {
      const state = fold(assessmentDecider, run(open(), propose(ACME), challenge(METRO, 1, HIGH), endorse(METRO, 1)));
      expect(state).toMatchObject({ openChallenges: [], endorsedBy: [METRO] });
    });
    it('decides nothing when repeated', () => given(run(open(), propose(ACME), endorse(ACME, 1))).when(endorse(ACME, 1)).then([]));
    it('refuses a stale revision', () =>
      given(run(open(), propose(ACME), propose(ACME, MID))).when(endorse(METRO, 1)).thenThrows('ASSESSMENT.REVISION_STALE', { currentRevision: 2 }));
    it('refuses non-participants', () => given(proposed).when(endorse(ROGUE, 1)).thenThrows('ASSESSMENT.NOT_PARTICIPANT'));
    it('refuses auditors even of a participant organization', () =>
      given(proposed)
        .when({ ...endorse(ACME, 1), metadata: { actor: { subject: 'x', organizationId: ACME, roles: ['auditor'] }, now: '2026-01-01T00:00:00Z' } })
        .thenThrows('ASSESSMENT.NOT_PARTICIPANT'));
    it('refuses once agreed', () => given(agreed).when(endorse(ACME, 1)).thenThrows('ASSESSMENT.INVALID_STATUS'));
  });

  describe('ReopenAssessment', () => {
    it('reopens with the next revision', () =>
      given(agreed)
        .when(reopen(METRO, HIGH))
        .then([
          { type: 'AssessmentReopened', data: { assessmentId: 'asm-1', reopenedBy: METRO, reason: 'New incident data', agreedRevision: 1 } },
          {
            type: 'AssessmentRevisionProposed',
            data: { assessmentId: 'asm-1', revision: 2, proposedBy: METRO, answeredChallenges: [], ...content(HIGH), likelihoodNote: null },
          },
        ]));
    it('keeps the agreed category until a new one is agreed, then names it as previous', () => {
      const events = run(open(), propose(ACME), endorse(ACME, 1), endorse(METRO, 1), reopen(METRO, HIGH));
      expect(fold(assessmentDecider, events)).toMatchObject({ status: 'OPEN', agreedCategory: LOW, revision: 2 });
      const last = run(open(), propose(ACME), endorse(ACME, 1), endorse(METRO, 1), reopen(METRO, HIGH), endorse(ACME, 2), endorse(METRO, 2));
      const expected: AssessmentEvent = {
        type: 'AssessmentAgreed',
        data: { assessmentId: 'asm-1', useCaseId: 'uc-1', revision: 2, category: HIGH, previousCategory: LOW, participantIds: [ACME, METRO] },
      };
      expect(last.at(-1)).toEqual(expected);
    });
    it('refuses an open assessment', () => given(proposed).when(reopen(ACME, HIGH)).thenThrows('ASSESSMENT.INVALID_STATUS'));
    it('refuses non-participants', () => given(agreed).when(reopen(ROGUE, HIGH)).thenThrows('ASSESSMENT.NOT_PARTICIPANT'));
    it('needs a reason', () => given(agreed).when(reopen(ACME, HIGH, '')).thenThrows('ASSESSMENT.INVALID', { field: 'reason' }));
  });
});
