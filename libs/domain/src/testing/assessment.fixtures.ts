// Command builders for assessment specs (test support).
import type {
  AssessmentCommand,
  ChallengeAssessmentRevision,
  EndorseAssessmentRevision,
  OpenAssessment,
  ProposeAssessmentRevision,
  ReopenAssessment,
} from '../assessment/assessment.commands.js';
import type { RevisionProposal } from '../assessment/assessment-revision.js';
import type { Category } from '../category/category.js';
import { ACME, by, LOW, METRO } from './fixtures.js';

export const ASSESSMENT = 'asm-1';

export function content(category: Category = LOW): RevisionProposal {
  return {
    ...category,
    impacts: [{ area: 'ASSETS', axis: 'ECONOMIC', description: 'Sensor outage halts a line for an hour.' }],
    rationale: 'Outages are short and cheap to recover from.',
  };
}

export function open(opener = ACME, participantIds = [METRO]): OpenAssessment {
  return { type: 'OpenAssessment', data: { assessmentId: ASSESSMENT, useCaseId: 'uc-1', participantIds }, metadata: by(opener) };
}

export function propose(org: string, category: Category = LOW, baseRevision?: number): ProposeAssessmentRevision {
  const data: ProposeAssessmentRevision['data'] = { assessmentId: ASSESSMENT, ...content(category) };
  if (baseRevision !== undefined) data.baseRevision = baseRevision;
  return { type: 'ProposeAssessmentRevision', data, metadata: by(org) };
}

export function challenge(org: string, revision: number, counter: Category, reason = 'Life is at stake'): ChallengeAssessmentRevision {
  return {
    type: 'ChallengeAssessmentRevision',
    data: { assessmentId: ASSESSMENT, revision, ...counter, reason },
    metadata: by(org),
  };
}

export function endorse(org: string, revision: number): EndorseAssessmentRevision {
  return { type: 'EndorseAssessmentRevision', data: { assessmentId: ASSESSMENT, revision }, metadata: by(org) };
}

export function reopen(org: string, category: Category, reason = 'New incident data'): ReopenAssessment {
  return { type: 'ReopenAssessment', data: { assessmentId: ASSESSMENT, reason, ...content(category) }, metadata: by(org) };
}

export type { AssessmentCommand };
