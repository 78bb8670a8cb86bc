import { DomainError } from '../shared/domain-error.js';
import { isNonEmptyString } from '../shared/validation.js';
import type { ProposeTermination, RejectTermination, SignTermination } from './agreement.commands.js';
import type { AgreementEvent } from './agreement.events.js';
import { invalid, requireOpened, requireParty } from './agreement.guards.js';
import type { AgreementState, OpenedAgreement } from './agreement.state.js';

/** Termination ends terms in force, so it needs a concluded version that is not closed yet. */
function requireInForce(agreement: OpenedAgreement, action: string) {
  const { concluded } = agreement;
  if (concluded === null || agreement.status === 'WITHDRAWN' || agreement.status === 'TERMINATED') {
    throw new DomainError('AGREEMENT.INVALID_STATUS', `${action} needs a concluded agreement (status ${agreement.status})`, {
      status: agreement.status,
    });
  }
  return concluded;
}

function requirePending(agreement: OpenedAgreement) {
  if (agreement.termination === null) throw new DomainError('AGREEMENT.NO_TERMINATION_PROPOSED', 'No termination is proposed');
  return agreement.termination;
}

export function decideProposeTermination(command: ProposeTermination, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  const concluded = requireInForce(agreement, 'Proposing termination');
  if (agreement.termination !== null) {
    throw new DomainError('AGREEMENT.TERMINATION_PENDING', 'A termination is already proposed', {
      proposedBy: agreement.termination.proposedBy,
    });
  }
  if (!isNonEmptyString(command.data.reason)) invalid('reason', 'is required');
  return [
    {
      type: 'AgreementTerminationProposed',
      data: { agreementId: agreement.agreementId, proposedBy: by, reason: command.data.reason.trim(), concludedVersion: concluded.version },
    },
  ];
}

/** Every party signs, the proposer included; the last signature terminates in the same decision. */
export function decideSignTermination(command: SignTermination, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  const concluded = requireInForce(agreement, 'Signing termination');
  const termination = requirePending(agreement);
  if (termination.signatures.includes(by)) return [];
  const signed: AgreementEvent = { type: 'AgreementTerminationSigned', data: { agreementId: agreement.agreementId, signedBy: by } };
  const signers = new Set([...termination.signatures, by]);
  if (!agreement.parties.every((p) => signers.has(p))) return [signed];
  return [
    signed,
    {
      type: 'AgreementTerminated',
      data: {
        agreementId: agreement.agreementId,
        reason: termination.reason,
        concludedVersion: concluded.version,
        signatories: [...agreement.parties],
      },
    },
  ];
}

/** Any party can refuse a termination; the terms stay in force and a new proposal may follow. */
export function decideRejectTermination(command: RejectTermination, state: AgreementState): AgreementEvent[] {
  const agreement = requireOpened(state);
  const by = requireParty(command.metadata.actor, agreement);
  requireInForce(agreement, 'Rejecting termination');
  requirePending(agreement);
  if (!isNonEmptyString(command.data.reason)) invalid('reason', 'is required');
  return [
    {
      type: 'AgreementTerminationRejected',
      data: { agreementId: agreement.agreementId, rejectedBy: by, reason: command.data.reason.trim() },
    },
  ];
}
