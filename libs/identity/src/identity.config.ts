import { join } from 'node:path';

import { DEFAULT_API_AUDIENCE, issuerFor, REALM_NAME } from './identity.constants.js';

/** Tokens come from a real Keycloak; keys are fetched from its JWKS. */
export interface KeycloakIdentityConfig {
  readonly mode: 'keycloak';
  /** Expected `iss`: `<KEYCLOAK_ISSUER or KEYCLOAK_URL>/realms/<KEYCLOAK_REALM>`. */
  readonly issuer: string;
  /** Where this service fetches keys: `<KEYCLOAK_URL>/realms/<realm>/protocol/openid-connect/certs`. */
  readonly jwksUri: string;
  readonly audience: string;
}

/** Tokens come from the provider embedded in this server. */
export interface EmbeddedIdentityConfig {
  readonly mode: 'embedded';
  readonly realmFile: string;
  readonly dataDir: string;
  readonly issuerBaseUrl: string;
  readonly audience: string;
  readonly production: boolean;
  readonly enabled: boolean;
}

export type IdentityConfig = KeycloakIdentityConfig | EmbeddedIdentityConfig;

export const DEFAULT_REALM_FILE = join('deploy', 'keycloak', 'realm-iot-ssf.json');

/**
 * Reads the identity settings: `KEYCLOAK_URL` (+ `KEYCLOAK_REALM`, `KEYCLOAK_ISSUER`) selects
 * Keycloak; otherwise the embedded provider with `PUBLIC_URL`/`PORT`, `DATA_DIR`, `REALM_FILE`,
 * `NODE_ENV` and `EMBEDDED_IDP`. `API_AUDIENCE` applies to both.
 */
export function identityConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const audience = nonEmpty(env['API_AUDIENCE']) ?? DEFAULT_API_AUDIENCE;
  const keycloakUrl = nonEmpty(env['KEYCLOAK_URL']);
  if (keycloakUrl) {
    const realm = nonEmpty(env['KEYCLOAK_REALM']) ?? REALM_NAME;
    return {
      mode: 'keycloak',
      issuer: issuerFor(nonEmpty(env['KEYCLOAK_ISSUER']) ?? keycloakUrl, realm),
      jwksUri: `${issuerFor(keycloakUrl, realm)}/protocol/openid-connect/certs`,
      audience,
    };
  }
  const port = nonEmpty(env['PORT']) ?? '3000';
  return {
    mode: 'embedded',
    realmFile: nonEmpty(env['REALM_FILE']) ?? DEFAULT_REALM_FILE,
    dataDir: nonEmpty(env['DATA_DIR']) ?? './data',
    issuerBaseUrl: nonEmpty(env['PUBLIC_URL']) ?? `http://localhost:${port}`,
    audience,
    production: env['NODE_ENV'] === 'production',
    enabled: env['EMBEDDED_IDP'] === 'true',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
