import type { EconomicImpact, RecoveryDifficulty } from '../category/axes.js';
import type { Category } from '../category/category.js';
import type { Event } from '../shared/decider.js';
import type { RevisionContent } from './assessment-revision.js';

export type AssessmentOpened = Event<
  'AssessmentOpened',
  { assessmentId: string; useCaseId: string; participantIds: string[]; openedBy: string }
>;

/**
 * A new current revision; it clears all endorsements. `answeredChallenges`
 * names the participants whose open challenges this revision answers.
 */
export type AssessmentRevisionProposed = Event<
  'AssessmentRevisionProposed',
  { assessmentId: string; revision: number; proposedBy: string; answeredChallenges: string[] } & RevisionContent
>;

/** A challenge also withdraws the challenger's endorsement of that revision, if any. */
export type AssessmentRevisionChallenged = Event<
  'AssessmentRevisionChallenged',
  {
    assessmentId: string;
    revision: number;
    challengedBy: string;
    recovery: RecoveryDifficulty;
    economic: EconomicImpact;
    reason: string;
  }
>;

/** An endorsement also closes the endorser's own open challenge of that revision. */
export type AssessmentEndorsed = Event<
  'AssessmentEndorsed',
  { assessmentId: string; revision: number; endorsedBy: string }
>;

/** Decided together with the last endorsement; `previousCategory` is the category agreed before, if any. */
export type AssessmentAgreed = Event<
  'AssessmentAgreed',
  {
    assessmentId: string;
    useCaseId: string;
    revision: number;
    category: Category;
    previousCategory: Category | null;
    participantIds: string[];
  }
>;

/** Decided together with the first revision of the new round; the agreed category stays recorded until replaced. */
export type AssessmentReopened = Event<
  'AssessmentReopened',
  { assessmentId: string; reopenedBy: string; reason: string; agreedRevision: number | null }
>;

export type AssessmentEvent =
  | AssessmentOpened
  | AssessmentRevisionProposed
  | AssessmentRevisionChallenged
  | AssessmentEndorsed
  | AssessmentAgreed
  | AssessmentReopened;
