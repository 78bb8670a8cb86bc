import canonicalize from 'canonicalize';
import { hasRole, isStakeholderActor } from '../shared/actor-guards.js';
import { assertNever, ignoreUnknownEvent } from '../shared/assert-never.js';
import type { Actor, Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { isIdentifier, isNonEmptyString } from '../shared/validation.js';
import type { UseCaseCommand } from './use-case.commands.js';
import type { UseCaseEvent } from './use-case.events.js';
import type { UseCaseState } from './use-case.state.js';
import type { UseCaseDetails } from './use-case.types.js';
import { validUseCaseDetails } from './use-case.validation.js';

const DETAIL_FIELDS: Array<keyof UseCaseDetails> = ['name', 'unit', 'domain', 'formOfUse', 'description'];

function requireMaintainer(actor: Actor, state: UseCaseState) {
  if (state.status === 'NONE') throw new DomainError('USE_CASE.NOT_FOUND', 'Use case not registered');
  if (!hasRole(actor, 'consortium_admin') && !(isStakeholderActor(actor) && actor.organizationId === state.registeredBy)) {
    throw new DomainError('USE_CASE.FORBIDDEN', 'Only the registering organization or a consortium admin changes a use case');
  }
  if (state.status === 'RETIRED') throw new DomainError('USE_CASE.RETIRED', `Use case ${state.useCaseId} is retired`);
  return state;
}

function decide(command: UseCaseCommand, state: UseCaseState): UseCaseEvent[] {
  const { actor } = command.metadata;
  switch (command.type) {
    case 'RegisterUseCase': {
      // Use cases are shared knowledge (IoT-SSF section 4): any stakeholder may add one; auditors only read.
      if (!isStakeholderActor(actor) && !hasRole(actor, 'consortium_admin')) {
        throw new DomainError('USE_CASE.FORBIDDEN', 'Only stakeholders or consortium admins register use cases');
      }
      const { useCaseId, ...details } = command.data;
      if (state.status !== 'NONE') {
        throw new DomainError('USE_CASE.ALREADY_REGISTERED', `Use case ${useCaseId} exists`, { useCaseId });
      }
      if (!isIdentifier(useCaseId)) {
        throw new DomainError('USE_CASE.INVALID', 'useCaseId is not a valid identifier', { field: 'useCaseId' });
      }
      return [
        { type: 'UseCaseRegistered', data: { useCaseId, registeredBy: actor.organizationId, ...validUseCaseDetails(details) } },
      ];
    }
    case 'ReviseUseCase': {
      const current = requireMaintainer(actor, state);
      const { useCaseId: _id, ...changes } = command.data;
      const before: UseCaseDetails = {
        name: current.name,
        unit: current.unit,
        domain: current.domain,
        formOfUse: current.formOfUse,
        description: current.description,
      };
      const after = validUseCaseDetails({ ...before, ...stripUndefined(changes) });
      // Canonical JSON: key order differs once a recorded event has been through jsonb.
      const changedFields = DETAIL_FIELDS.filter((f) => canonicalize(before[f]) !== canonicalize(after[f]));
      if (changedFields.length === 0) return [];
      return [{ type: 'UseCaseRevised', data: { useCaseId: current.useCaseId, changedFields, ...after } }];
    }
    case 'RetireUseCase': {
      if (state.status === 'RETIRED') return [];
      const current = requireMaintainer(actor, state);
      if (!isNonEmptyString(command.data.reason)) {
        throw new DomainError('USE_CASE.INVALID', 'reason is required', { field: 'reason' });
      }
      return [{ type: 'UseCaseRetired', data: { useCaseId: current.useCaseId, reason: command.data.reason.trim() } }];
    }
    default:
      return assertNever(command);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

function evolve(state: UseCaseState, event: UseCaseEvent): UseCaseState {
  switch (event.type) {
    case 'UseCaseRegistered':
      return { status: 'ACTIVE', ...event.data };
    case 'UseCaseRevised': {
      if (state.status === 'NONE') return state;
      const { useCaseId: _id, changedFields: _changed, ...details } = event.data;
      return { ...state, ...details };
    }
    case 'UseCaseRetired':
      return state.status === 'NONE' ? state : { ...state, status: 'RETIRED' };
    default:
      return ignoreUnknownEvent(event, state);
  }
}

/**
 * UseCase aggregate (stream `use-case-<id>`): a device, system or function in
 * a form of use. Any stakeholder or consortium admin registers one; only the
 * registering organization or an admin revises or retires it. Whether the use
 * case exists when an assessment is opened is checked by the application.
 */
export const useCaseDecider: Decider<UseCaseCommand, UseCaseEvent, UseCaseState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'NONE' }),
};
