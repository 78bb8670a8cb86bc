import type { Category } from '../category/category.js';
import type { StakeholderRole } from '../organization/stakeholder-role.js';
import type { PerspectiveRequirements, PolicyProfileRef } from '../policy-profile/policy-requirements.js';
import type { Event } from '../shared/decider.js';
import type { Clause } from '../terms/clause.js';
import type { PolicyCheckReport } from '../terms/policy-check.js';

/** Records the context the agreement runs under, so auditors see which profile version applied. */
export type AgreementOpened = Event<
  'AgreementOpened',
  {
    agreementId: string;
    assessmentId: string;
    useCaseId: string;
    assessmentRevision: number;
    category: Category;
    parties: string[];
    partyRoles: Record<string, StakeholderRole[]>;
    policyProfile: PolicyProfileRef;
    requirements: PerspectiveRequirements;
    openedBy: string;
  }
>;

/**
 * A new current version. Digest and policy check are as computed at proposal
 * time. The status becomes AMENDING if a version was concluded before, NEGOTIATING otherwise.
 */
export type AgreementTermsProposed = Event<
  'AgreementTermsProposed',
  {
    agreementId: string;
    version: number;
    baseVersion: number;
    proposedBy: string;
    clauses: Clause[];
    digest: string;
    category: Category;
    policyCheck: PolicyCheckReport;
  }
>;

export type AgreementTermsRejected = Event<
  'AgreementTermsRejected',
  { agreementId: string; version: number; rejectedBy: string; reason: string }
>;

export type AgreementSignedOff = Event<
  'AgreementSignedOff',
  { agreementId: string; version: number; digest: string; signedBy: string }
>;

/** Decided with the last sign-off; `policyCheck` is the re-check at that time. */
export type AgreementConcluded = Event<
  'AgreementConcluded',
  {
    agreementId: string;
    version: number;
    digest: string;
    category: Category;
    policyProfile: PolicyProfileRef;
    policyCheck: PolicyCheckReport;
    signatories: string[];
    previousConcludedVersion: number | null;
  }
>;

/** A party left a negotiation; sign-offs of the current version are void. */
export type AgreementPartyWithdrew = Event<
  'AgreementPartyWithdrew',
  { agreementId: string; withdrawnBy: string; reason: string; remainingParties: string[] }
>;

/** Decided with a withdrawal that leaves fewer than two parties: the agreement is closed. */
export type AgreementWithdrawn = Event<'AgreementWithdrawn', { agreementId: string; remainingParties: string[] }>;

/** A party ended an amendment: the concluded version is current again. */
export type AgreementAmendmentWithdrawn = Event<
  'AgreementAmendmentWithdrawn',
  { agreementId: string; withdrawnBy: string; reason: string; abandonedVersion: number; restoredVersion: number }
>;

export type AgreementTerminationProposed = Event<
  'AgreementTerminationProposed',
  { agreementId: string; proposedBy: string; reason: string; concludedVersion: number }
>;

export type AgreementTerminationSigned = Event<'AgreementTerminationSigned', { agreementId: string; signedBy: string }>;

export type AgreementTerminationRejected = Event<
  'AgreementTerminationRejected',
  { agreementId: string; rejectedBy: string; reason: string }
>;

/** Decided with the last termination signature. */
export type AgreementTerminated = Event<
  'AgreementTerminated',
  { agreementId: string; reason: string; concludedVersion: number; signatories: string[] }
>;

export type AgreementMarkedForReview = Event<
  'AgreementMarkedForReview',
  {
    agreementId: string;
    assessmentId: string;
    assessmentRevision: number;
    previousCategory: Category;
    newCategory: Category;
    requirements: PerspectiveRequirements;
  }
>;

export type AgreementEvent =
  | AgreementOpened
  | AgreementTermsProposed
  | AgreementTermsRejected
  | AgreementSignedOff
  | AgreementConcluded
  | AgreementPartyWithdrew
  | AgreementWithdrawn
  | AgreementAmendmentWithdrawn
  | AgreementTerminationProposed
  | AgreementTerminationSigned
  | AgreementTerminationRejected
  | AgreementTerminated
  | AgreementMarkedForReview;
