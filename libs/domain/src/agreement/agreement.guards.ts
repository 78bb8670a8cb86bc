import { isStakeholderActor } from '../shared/actor-guards.js';
import type { Actor } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { AgreementStatus } from './agreement-status.js';
import type { AgreementState, OpenedAgreement, TermsVersion } from './agreement.state.js';

export function requireOpened(state: AgreementState): OpenedAgreement {
  if (state.status === 'NONE') throw new DomainError('AGREEMENT.NOT_FOUND', 'Agreement not opened');
  return state;
}

/** A person of a current party organization, acting with a stakeholder role; returns the party id. */
export function requireParty(actor: Actor, state: OpenedAgreement): string {
  if (!isStakeholderActor(actor) || !state.parties.includes(actor.organizationId)) {
    throw new DomainError('AGREEMENT.NOT_PARTY', 'Only parties act on this agreement');
  }
  return actor.organizationId;
}

export function requireStatus(state: OpenedAgreement, allowed: readonly AgreementStatus[], action: string): void {
  if (!allowed.includes(state.status)) {
    throw new DomainError('AGREEMENT.INVALID_STATUS', `${action} is not allowed while ${state.status}`, {
      status: state.status,
      allowed,
    });
  }
}

export function currentVersionOf(state: OpenedAgreement): number {
  return state.current?.version ?? 0;
}

/** The current terms, if `version` names them; a stale or unknown version is a conflict. */
export function requireCurrentVersion(state: OpenedAgreement, version: number): TermsVersion {
  if (state.current === null || version !== state.current.version) {
    throw new DomainError('AGREEMENT.VERSION_SUPERSEDED', `Version ${version} is not the current version`, {
      currentVersion: currentVersionOf(state),
    });
  }
  return state.current;
}

export function invalid(field: string, reason: string): never {
  throw new DomainError('AGREEMENT.INVALID', `${field}: ${reason}`, { field, reason });
}
