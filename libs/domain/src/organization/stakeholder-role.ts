import type { ActorRole } from '../shared/decider.js';

/** Roles with which an organization takes part in assessments and agreements. */
export const STAKEHOLDER_ROLES = ['MANUFACTURER', 'OPERATOR', 'SERVICE_PROVIDER', 'INSURER', 'CERTIFIER'] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

export function isStakeholderRole(value: unknown): value is StakeholderRole {
  return (STAKEHOLDER_ROLES as readonly unknown[]).includes(value);
}

/** The realm role a person of an organization with this stakeholder role carries. */
export function actorRoleOf(role: StakeholderRole): ActorRole {
  return role.toLowerCase() as ActorRole;
}
