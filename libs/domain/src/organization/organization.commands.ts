import type { Command } from '../shared/decider.js';
import type { StakeholderRole } from './stakeholder-role.js';

/** Registers an organization under the id its people carry in the token's `org_id` claim. */
export type RegisterOrganization = Command<
  'RegisterOrganization',
  { organizationId: string; name: string; roles: StakeholderRole[] }
>;

/** Replaces the organization's stakeholder roles. */
export type ChangeOrganizationRoles = Command<
  'ChangeOrganizationRoles',
  { organizationId: string; roles: StakeholderRole[] }
>;

export type DeactivateOrganization = Command<'DeactivateOrganization', { organizationId: string; reason: string }>;

export type OrganizationCommand = RegisterOrganization | ChangeOrganizationRoles | DeactivateOrganization;
