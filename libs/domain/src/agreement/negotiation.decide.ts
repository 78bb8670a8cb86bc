import { DomainError } from '../shared/domain-error.js';
import { isNonEmptyString } from '../shared/validation.js';
import { validTerms } from '../terms/clause-validation.js';
import { policyCheck } from '../terms/policy-check.js';
import { termsDigest } from '../terms/terms-digest.js';
import type { AgreementStatus } from './agreement-status.js';
import type { ProposeTerms, RejectTerms, SignOff } from './agreement.commands.js';
import type { AgreementEvent } from './agreement.events.js';
import {
  currentVersionOf,
  invalid,
  requireCurrentVersion,
  requireOpened,
  requireParty,
  requireStatus,
} from './agreement.guards.js';
import type { AgreementState } from './agreement.state.js';

/** Proposing on a CONCLUDED agreement starts an amendment; on REVIEW_REQUIRED it answers the review. */
const PROPOSABLE: readonly AgreementStatus[] = ['NEGOTIATING', 'AMENDING', 'CONCLUDED', 'REVIEW_REQUIRED'];
const SIGNABLE: readonly AgreementStatus[] = ['NEGOTIATING', 'AMENDING'];

export function decideProposeTerms(command: ProposeTerms, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  requireStatus(agreement, PROPOSABLE, 'Proposing terms');
  const { baseVersion, clauses: inputs } = command.data;
  if (baseVersion !== currentVersionOf(agreement)) {
    throw new DomainError('AGREEMENT.VERSION_SUPERSEDED', `Version ${baseVersion} is not the current version`, {
      currentVersion: currentVersionOf(agreement),
    });
  }
  const clauses = validTerms(inputs, agreement);
  return [
    {
      type: 'AgreementTermsProposed',
      data: {
        agreementId: agreement.agreementId,
        version: agreement.latestVersion + 1,
        baseVersion,
        proposedBy: by,
        clauses,
        digest: termsDigest(clauses),
        category: { ...agreement.category },
        policyCheck: policyCheck(clauses, agreement.requirements, command.metadata.now),
      },
    },
  ];
}

export function decideRejectTerms(command: RejectTerms, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  requireStatus(agreement, SIGNABLE, 'Rejecting terms');
  const terms = requireCurrentVersion(agreement, command.data.version);
  if (!isNonEmptyString(command.data.reason)) invalid('reason', 'is required');
  if (agreement.signOffs.some((s) => s.organizationId === by && s.version === terms.version)) {
    throw new DomainError('AGREEMENT.ALREADY_SIGNED', `Version ${terms.version} is already signed by ${by}`);
  }
  return [
    {
      type: 'AgreementTermsRejected',
      data: { agreementId: agreement.agreementId, version: terms.version, rejectedBy: by, reason: command.data.reason.trim() },
    },
  ];
}

/**
 * A sign-off names version and digest; it is re-checked against the policy at
 * its own `now` (a substitution may have expired since the proposal). The last
 * sign-off concludes the agreement in the same decision.
 */
export function decideSignOff(command: SignOff, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  requireStatus(agreement, SIGNABLE, 'Signing off');
  const terms = requireCurrentVersion(agreement, command.data.version);
  // Hex case is presentation, not content.
  if (typeof command.data.digest !== 'string' || command.data.digest.toLowerCase() !== terms.digest) {
    throw new DomainError('AGREEMENT.DIGEST_MISMATCH', `The digest does not match version ${terms.version}`, {
      version: terms.version,
    });
  }
  if (agreement.signOffs.some((s) => s.organizationId === by && s.version === terms.version)) return [];
  const named = terms.clauses.flatMap((c) => [c.responsiblePartyId, ...(c.confirmation.confirmingPartyId ? [c.confirmation.confirmingPartyId] : [])]);
  const formerParties = named.filter((id) => !agreement.parties.includes(id));
  if (formerParties.length > 0) {
    throw new DomainError('AGREEMENT.TERMS_NAME_NON_PARTY', 'The terms name organizations that are no longer parties', {
      organizations: [...new Set(formerParties)],
    });
  }
  const check = policyCheck(terms.clauses, agreement.requirements, command.metadata.now);
  if (!check.satisfied) {
    throw new DomainError('AGREEMENT.POLICY_CHECK_FAILED', `Missing perspectives: ${check.missing.join(', ')}`, {
      version: terms.version,
      missing: check.missing,
    });
  }
  const signed: AgreementEvent = {
    type: 'AgreementSignedOff',
    data: { agreementId: agreement.agreementId, version: terms.version, digest: terms.digest, signedBy: by },
  };
  const signers = new Set([...agreement.signOffs.filter((s) => s.version === terms.version).map((s) => s.organizationId), by]);
  if (!agreement.parties.every((p) => signers.has(p))) return [signed];
  return [
    signed,
    {
      type: 'AgreementConcluded',
      data: {
        agreementId: agreement.agreementId,
        version: terms.version,
        digest: terms.digest,
        category: { ...agreement.category },
        policyProfile: { ...agreement.policyProfile },
        policyCheck: check,
        signatories: [...agreement.parties],
        previousConcludedVersion: agreement.concluded?.version ?? null,
      },
    },
  ];
}
