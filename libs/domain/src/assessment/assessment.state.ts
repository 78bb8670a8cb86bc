import type { EconomicImpact, RecoveryDifficulty } from '../category/axes.js';
import type { Category } from '../category/category.js';
import type { RevisionContent } from './assessment-revision.js';
import type { AssessmentStatus } from './impact.js';

export interface CurrentRevision extends RevisionContent {
  revision: number;
  proposedBy: string;
}

/** A challenge stays open until a newer revision answers it or its author endorses. */
export interface OpenChallenge {
  revision: number;
  challengedBy: string;
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  reason: string;
}

export interface OpenedAssessment {
  status: AssessmentStatus;
  assessmentId: string;
  useCaseId: string;
  participantIds: string[];
  openedBy: string;
  /** Number of the current revision; 0 before the first proposal. Only grows. */
  revision: number;
  current: CurrentRevision | null;
  /** Participants who endorsed the current revision. */
  endorsedBy: string[];
  openChallenges: OpenChallenge[];
  /** The last agreed category; kept while a reopened assessment is renegotiated. */
  agreedCategory: Category | null;
  agreedRevision: number | null;
}

export type AssessmentState = { status: 'NONE' } | OpenedAssessment;
