import type { Actor, ActorRole } from './decider.js';

/** Realm roles that make a person act for a stakeholder organization. */
export const STAKEHOLDER_ACTOR_ROLES: readonly ActorRole[] = [
  'manufacturer',
  'operator',
  'service_provider',
  'insurer',
  'certifier',
];

export function hasRole(actor: Actor, role: ActorRole): boolean {
  return actor.roles.includes(role);
}

/** Auditors and pure admins read or administer; they never act as a party. */
export function isStakeholderActor(actor: Actor): boolean {
  return actor.roles.some((role) => STAKEHOLDER_ACTOR_ROLES.includes(role));
}
