import type { EconomicImpact, RecoveryDifficulty } from '../category/axes.js';
import type { Command } from '../shared/decider.js';
import type { RevisionProposal } from './assessment-revision.js';

/**
 * Opens an assessment of a use case among participant organizations. The
 * opener's organization is always a participant (added if not listed).
 */
export type OpenAssessment = Command<
  'OpenAssessment',
  { assessmentId: string; useCaseId: string; participantIds: string[] }
>;

/** Proposes a new revision; `baseRevision`, when given, must be the current revision. */
export type ProposeAssessmentRevision = Command<
  'ProposeAssessmentRevision',
  { assessmentId: string; baseRevision?: number } & RevisionProposal
>;

/** Contests the current revision with a counter-rating and a reason. */
export type ChallengeAssessmentRevision = Command<
  'ChallengeAssessmentRevision',
  { assessmentId: string; revision: number; recovery: RecoveryDifficulty; economic: EconomicImpact; reason: string }
>;

export type EndorseAssessmentRevision = Command<'EndorseAssessmentRevision', { assessmentId: string; revision: number }>;

/** Reopens an agreed assessment with the first revision of the new round. */
export type ReopenAssessment = Command<
  'ReopenAssessment',
  { assessmentId: string; reason: string } & RevisionProposal
>;

export type AssessmentCommand =
  | OpenAssessment
  | ProposeAssessmentRevision
  | ChallengeAssessmentRevision
  | EndorseAssessmentRevision
  | ReopenAssessment;
