import type { AssessmentStatus } from '../assessment/impact.js';
import type { Category } from '../category/category.js';
import type { StakeholderRole } from '../organization/stakeholder-role.js';
import type { PerspectiveRequirements } from '../policy-profile/policy-requirements.js';
import type { Command } from '../shared/decider.js';
import type { ClauseInput } from '../terms/clause.js';

/**
 * Opens an agreement. The decider cannot read other streams, so the application
 * passes what it loaded: the assessment (status, agreed revision and category),
 * each party's stakeholder roles from its organization stream, and the policy
 * profile version with its requirements for the agreed category. The opener's
 * organization is always a party (added if not listed), so `partyRoles` must
 * include it.
 */
export type OpenAgreement = Command<
  'OpenAgreement',
  {
    agreementId: string;
    partyIds: string[];
    partyRoles: Record<string, StakeholderRole[]>;
    assessment: {
      id: string;
      useCaseId: string;
      status: AssessmentStatus;
      revision: number;
      category: Category | null;
    };
    policyProfile: { id: string; version: number; requirements: PerspectiveRequirements };
  }
>;

/** Proposes a full version of the terms built on `baseVersion` (0 for the first). */
export type ProposeTerms = Command<'ProposeTerms', { agreementId: string; baseVersion: number; clauses: ClauseInput[] }>;

export type RejectTerms = Command<'RejectTerms', { agreementId: string; version: number; reason: string }>;

/** Signs one version, naming the digest the signer computed from the terms they read. */
export type SignOff = Command<'SignOff', { agreementId: string; version: number; digest: string }>;

/**
 * While negotiating, the actor's organization leaves the agreement; while
 * amending, it ends the amendment (the concluded version stays in force).
 */
export type WithdrawFromAgreement = Command<'WithdrawFromAgreement', { agreementId: string; reason: string }>;

export type ProposeTermination = Command<'ProposeTermination', { agreementId: string; reason: string }>;
export type SignTermination = Command<'SignTermination', { agreementId: string }>;
export type RejectTermination = Command<'RejectTermination', { agreementId: string; reason: string }>;

/**
 * Issued by the review saga when the assessment's agreed category changed; it
 * carries the requirements of the new category under the agreement's profile version.
 */
export type MarkForReview = Command<
  'MarkForReview',
  {
    agreementId: string;
    assessmentId: string;
    assessmentRevision: number;
    newCategory: Category;
    requirements: PerspectiveRequirements;
  }
>;

export type AgreementCommand =
  | OpenAgreement
  | ProposeTerms
  | RejectTerms
  | SignOff
  | WithdrawFromAgreement
  | ProposeTermination
  | SignTermination
  | RejectTermination
  | MarkForReview;
