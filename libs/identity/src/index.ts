export type { Actor } from './actor.js';
export { actorFromRequest, bearerTokenFrom, type RequestHeaders } from './bearer.js';
export {
  API_RESOURCE_INDICATOR,
  createEmbeddedIdentityProvider,
  type EmbeddedIdentityProvider,
  type EmbeddedIdentityProviderOptions,
  type MountTarget,
} from './embedded-provider.js';
export {
  DEFAULT_REALM_FILE,
  identityConfigFromEnv,
  type EmbeddedIdentityConfig,
  type IdentityConfig,
  type KeycloakIdentityConfig,
} from './identity.config.js';
export {
  ACCEPTED_ALGORITHMS,
  CLOCK_TOLERANCE_SECONDS,
  DEFAULT_API_AUDIENCE,
  IDENTITY_RUNTIME,
  issuerFor,
  REALM_NAME,
  REALM_ROLES,
  TOKEN_VERIFIER,
  type RealmRole,
} from './identity.constants.js';
export { IdentityModule, mountIdentityProvider, type IdentityRuntime } from './identity.module.js';
export { loadRealmFile, parseRealm, type Realm } from './realm-file.js';
export { loadOrCreateSigningKeys, signingKeysFile, type SigningKeys } from './signing-keys.js';
export {
  createLocalTokenVerifier,
  createRemoteTokenVerifier,
  JwtTokenVerifier,
  type LocalTokenVerifierOptions,
  type RemoteTokenVerifierOptions,
  type TokenVerificationOptions,
  type TokenVerifier,
} from './token-verifier.js';
export { isUnauthenticatedError, UnauthenticatedError } from './unauthenticated.error.js';
