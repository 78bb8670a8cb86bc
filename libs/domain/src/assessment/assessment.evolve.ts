import { ignoreUnknownEvent } from '../shared/assert-never.js';
import type { AssessmentEvent } from './assessment.events.js';
import type { AssessmentState } from './assessment.state.js';

/** Folds one recorded assessment event; tolerant of any order, never throws. */
export function evolveAssessment(state: AssessmentState, event: AssessmentEvent): AssessmentState {
  if (event.type === 'AssessmentOpened') {
    return {
      status: 'OPEN',
      ...event.data,
      revision: 0,
      current: null,
      endorsedBy: [],
      openChallenges: [],
      agreedCategory: null,
      agreedRevision: null,
    };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'AssessmentRevisionProposed': {
      const { assessmentId: _a, answeredChallenges: _c, ...revision } = event.data;
      return {
        ...state,
        status: 'OPEN',
        revision: Math.max(state.revision, revision.revision),
        current: revision,
        endorsedBy: [],
        openChallenges: [],
      };
    }
    case 'AssessmentRevisionChallenged': {
      const { assessmentId: _a, ...challenge } = event.data;
      return {
        ...state,
        endorsedBy: state.endorsedBy.filter((p) => p !== challenge.challengedBy),
        openChallenges: [...state.openChallenges.filter((c) => c.challengedBy !== challenge.challengedBy), challenge],
      };
    }
    case 'AssessmentEndorsed': {
      const by = event.data.endorsedBy;
      return {
        ...state,
        endorsedBy: state.endorsedBy.includes(by) ? state.endorsedBy : [...state.endorsedBy, by],
        openChallenges: state.openChallenges.filter((c) => c.challengedBy !== by),
      };
    }
    case 'AssessmentAgreed':
      return { ...state, status: 'AGREED', agreedCategory: { ...event.data.category }, agreedRevision: event.data.revision };
    case 'AssessmentReopened':
      return { ...state, status: 'OPEN', endorsedBy: [] };
    default:
      return ignoreUnknownEvent(event, state);
  }
}
