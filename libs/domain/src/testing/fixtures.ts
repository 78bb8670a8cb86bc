// Test support shared by the domain specs (not part of the public API).
import type { Category } from '../category/category.js';
import type { StakeholderRole } from '../organization/stakeholder-role.js';
import type { Actor, ActorRole, CommandMetadata, Decider } from '../shared/decider.js';

export const NOW = '2026-03-01T10:00:00Z';

export const ACME = 'acme-devices';
export const METRO = 'metro-operations';
export const HARBOR = 'harbor-insurance';
export const TRUST = 'trust-labs';
export const ROGUE = 'rogue-devices';
export const AUDIT = 'audit-office';
export const CONSORTIUM = 'consortium';

const REALM_ROLES: Record<string, ActorRole[]> = {
  [ACME]: ['manufacturer'],
  [METRO]: ['operator'],
  [HARBOR]: ['insurer'],
  [TRUST]: ['certifier'],
  [ROGUE]: ['manufacturer'],
  [AUDIT]: ['auditor'],
  [CONSORTIUM]: ['consortium_admin'],
};

export const PARTY_ROLES: Record<string, StakeholderRole[]> = {
  [ACME]: ['MANUFACTURER'],
  [METRO]: ['OPERATOR'],
  [HARBOR]: ['INSURER'],
  [TRUST]: ['CERTIFIER'],
  [ROGUE]: ['MANUFACTURER'],
};

export function actor(organizationId: string, roles: ActorRole[] = REALM_ROLES[organizationId] ?? ['manufacturer']): Actor {
  return { subject: `${organizationId}-person`, organizationId, roles };
}

/** Metadata of a person of `organizationId` acting at `now`. */
export function by(organizationId: string, now: string = NOW, roles?: ActorRole[]): CommandMetadata {
  return { actor: actor(organizationId, roles), now };
}

export const LOW: Category = { recovery: 'LIMITED', economic: 'LIMITED' };
export const HIGH: Category = { recovery: 'SEVERE', economic: 'CATASTROPHIC' };
export const MID: Category = { recovery: 'SERIOUS', economic: 'SERIOUS' };

/**
 * Runs commands one after another through a decider and returns every event
 * decided: a compact way to state a realistic `given` history.
 */
export function history<C, E, S>(decider: Decider<C, E, S>, ...commands: C[]): E[] {
  const events: E[] = [];
  let state = decider.initialState();
  for (const command of commands) {
    for (const event of decider.decide(command, state)) {
      events.push(event);
      state = decider.evolve(state, event);
    }
  }
  return events;
}

/** `events` followed by what the commands decide on top of them. */
export function continueWith<C, E, S>(decider: Decider<C, E, S>, events: E[], ...commands: C[]): E[] {
  let state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
  const all = [...events];
  for (const command of commands) {
    for (const event of decider.decide(command, state)) {
      all.push(event);
      state = decider.evolve(state, event);
    }
  }
  return all;
}
