import { ACTOR_ROLES, type ActorRole } from '@app/domain';

/** Realm name shared by the realm export, the embedded provider and the issuer URL. */
export const REALM_NAME = 'iot-ssf';

/** Audience that the realm's audience mappers put in access tokens meant for this API. */
export const DEFAULT_API_AUDIENCE = 'iot-ssf-api';


/** Realm roles the platform understands (the domain's actor roles); any other role in a token is ignored. */
export const REALM_ROLES = ACTOR_ROLES;

export type RealmRole = ActorRole;

/** Asymmetric algorithms accepted on access tokens. HS* and `none` are never accepted. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

/** Allowed clock skew between the identity provider and this service. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Nest injection token of the {@link TokenVerifier} port. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Nest injection token of the {@link IdentityRuntime} (the embedded provider, when there is one). */
export const IDENTITY_RUNTIME = Symbol('IDENTITY_RUNTIME');

export function realmPath(realm: string = REALM_NAME): string {
  return `/realms/${realm}`;
}

export function issuerFor(baseUrl: string, realm: string = REALM_NAME): string {
  return `${baseUrl.replace(/\/+$/, '')}${realmPath(realm)}`;
}
