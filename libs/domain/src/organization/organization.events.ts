import type { Event } from '../shared/decider.js';
import type { StakeholderRole } from './stakeholder-role.js';

export type OrganizationRegistered = Event<
  'OrganizationRegistered',
  { organizationId: string; name: string; roles: StakeholderRole[] }
>;

export type OrganizationRolesChanged = Event<
  'OrganizationRolesChanged',
  { organizationId: string; roles: StakeholderRole[]; previousRoles: StakeholderRole[] }
>;

export type OrganizationDeactivated = Event<'OrganizationDeactivated', { organizationId: string; reason: string }>;

export type OrganizationEvent = OrganizationRegistered | OrganizationRolesChanged | OrganizationDeactivated;
