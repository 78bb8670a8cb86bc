import type { Category } from '../category/category.js';
import type { StakeholderRole } from '../organization/stakeholder-role.js';
import type { PerspectiveRequirements, PolicyProfileRef } from '../policy-profile/policy-requirements.js';
import type { Clause } from '../terms/clause.js';
import type { PolicyCheckSummary } from '../terms/policy-check.js';
import type { AgreementStatus } from './agreement-status.js';

export interface TermsVersion {
  version: number;
  baseVersion: number;
  proposedBy: string;
  clauses: Clause[];
  digest: string;
  /** As computed when proposed. */
  policyCheck: PolicyCheckSummary;
}

export interface SignOffRecord {
  organizationId: string;
  version: number;
  digest: string;
}

export interface ConcludedTerms extends TermsVersion {
  category: Category;
  signOffs: SignOffRecord[];
}

export interface OpenedAgreement {
  status: AgreementStatus;
  agreementId: string;
  assessmentId: string;
  useCaseId: string;
  assessmentRevision: number;
  /** The category the current terms are checked against (the new one once marked for review). */
  category: Category;
  requirements: PerspectiveRequirements;
  policyProfile: PolicyProfileRef;
  openedBy: string;
  /** Current parties; withdrawn ones move to `withdrawnParties`. */
  parties: string[];
  withdrawnParties: string[];
  partyRoles: Record<string, StakeholderRole[]>;
  /** Highest version number ever proposed; only grows. */
  latestVersion: number;
  /** The version on the table (after an abandoned amendment, the concluded one again). */
  current: TermsVersion | null;
  /** Sign-offs of the current version only: a sign-off never carries over. */
  signOffs: SignOffRecord[];
  rejections: Array<{ organizationId: string; version: number; reason: string }>;
  /** The version in force, if any. */
  concluded: ConcludedTerms | null;
  termination: { proposedBy: string; reason: string; signatures: string[] } | null;
  review: { previousCategory: Category; newCategory: Category } | null;
}

export type AgreementState = { status: 'NONE' } | OpenedAgreement;
