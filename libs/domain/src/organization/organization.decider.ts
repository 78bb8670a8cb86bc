import { hasRole } from '../shared/actor-guards.js';
import { assertNever, ignoreUnknownEvent } from '../shared/assert-never.js';
import type { Actor, Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { distinct, isIdentifier, isNonEmptyString, sameMembers } from '../shared/validation.js';
import type { OrganizationCommand } from './organization.commands.js';
import type { OrganizationEvent } from './organization.events.js';
import type { OrganizationState } from './organization.state.js';
import { isStakeholderRole, type StakeholderRole } from './stakeholder-role.js';

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'consortium_admin')) {
    throw new DomainError('ORGANIZATION.FORBIDDEN', 'Only consortium admins manage organizations');
  }
}

function validRoles(roles: unknown): StakeholderRole[] {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isStakeholderRole)) {
    throw new DomainError('ORGANIZATION.INVALID', 'roles must be a non-empty list of stakeholder roles', {
      field: 'roles',
    });
  }
  return distinct(roles);
}

function requireActive(state: OrganizationState) {
  if (state.status === 'NONE') throw new DomainError('ORGANIZATION.NOT_FOUND', 'Organization not registered');
  if (state.status === 'DEACTIVATED') {
    throw new DomainError('ORGANIZATION.DEACTIVATED', `Organization ${state.organizationId} is deactivated`);
  }
  return state;
}

function decide(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  requireAdmin(command.metadata.actor);
  switch (command.type) {
    case 'RegisterOrganization': {
      const { organizationId, name, roles } = command.data;
      if (state.status !== 'NONE') {
        throw new DomainError('ORGANIZATION.ALREADY_REGISTERED', `Organization ${organizationId} exists`, {
          organizationId,
        });
      }
      if (!isIdentifier(organizationId)) {
        throw new DomainError('ORGANIZATION.INVALID', 'organizationId is not a valid identifier', { field: 'organizationId' });
      }
      if (!isNonEmptyString(name)) throw new DomainError('ORGANIZATION.INVALID', 'name is required', { field: 'name' });
      return [{ type: 'OrganizationRegistered', data: { organizationId, name: name.trim(), roles: validRoles(roles) } }];
    }
    case 'ChangeOrganizationRoles': {
      const current = requireActive(state);
      const roles = validRoles(command.data.roles);
      // Re-sending the same roles is a retry, not a change.
      if (sameMembers(roles, current.roles)) return [];
      return [
        {
          type: 'OrganizationRolesChanged',
          data: { organizationId: current.organizationId, roles, previousRoles: current.roles },
        },
      ];
    }
    case 'DeactivateOrganization': {
      if (state.status === 'DEACTIVATED') return [];
      const current = requireActive(state);
      if (!isNonEmptyString(command.data.reason)) {
        throw new DomainError('ORGANIZATION.INVALID', 'reason is required', { field: 'reason' });
      }
      return [
        { type: 'OrganizationDeactivated', data: { organizationId: current.organizationId, reason: command.data.reason.trim() } },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  switch (event.type) {
    case 'OrganizationRegistered':
      return { status: 'ACTIVE', ...event.data };
    case 'OrganizationRolesChanged':
      return state.status === 'NONE' ? state : { ...state, roles: event.data.roles };
    case 'OrganizationDeactivated':
      return state.status === 'NONE' ? state : { ...state, status: 'DEACTIVATED' };
    default:
      return ignoreUnknownEvent(event, state);
  }
}

/**
 * Organization aggregate (stream `organization-<id>`). Only consortium admins
 * register, change roles or deactivate. Repeating a change that is already in
 * effect decides no events, so retries are harmless.
 */
export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'NONE' }),
};
