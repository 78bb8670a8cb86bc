/** Realm roles as they appear in access tokens (lowercase). */
export const ACTOR_ROLES = [
  'manufacturer',
  'operator',
  'service_provider',
  'insurer',
  'certifier',
  'auditor',
  'consortium_admin',
] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** The person acting, as the identity provider vouches for them. */
export interface Actor {
  subject: string;
  organizationId: string;
  roles: ActorRole[];
}

/**
 * What every command carries besides its data. Deciders never read a clock:
 * `now` (ISO 8601 instant) is the time the application accepted the command.
 */
export interface CommandMetadata {
  actor: Actor;
  now: string;
}

/** An intention, named imperatively (`SignOff`). */
export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** A recorded fact, named in the past tense (`AgreementSignedOff`); data is plain JSON. */
export interface Event<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/**
 * A pure aggregate: `decide` turns a command into new events (or throws a
 * `DomainError`), `evolve` folds one recorded event into the state. `evolve`
 * must accept every event ever recorded, so it never throws.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

/** Folds events from the decider's initial state. */
export function fold<C, E, S>(decider: Decider<C, E, S>, events: readonly E[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
