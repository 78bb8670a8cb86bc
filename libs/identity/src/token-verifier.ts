import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

import type { Actor } from './actor.js';
import {
  ACCEPTED_ALGORITHMS,
  CLOCK_TOLERANCE_SECONDS,
  REALM_ROLES,
  type RealmRole,
} from './identity.constants.js';
import { UnauthenticatedError } from './unauthenticated.error.js';

/** Port: turns a bearer access token into an {@link Actor}, or throws {@link UnauthenticatedError}. */
export interface TokenVerifier {
  verify(bearer: string): Promise<Actor>;
}

export interface TokenVerificationOptions {
  /** Expected `iss`, e.g. `http://localhost:3000/realms/iot-ssf`. */
  readonly issuer: string;
  /** Expected member of `aud`, e.g. `iot-ssf-api`. */
  readonly audience: string;
  /** When set, `azp` (the client that obtained the token) must be one of these. */
  readonly allowedClients?: readonly string[];
  readonly clockToleranceSeconds?: number;
}

export interface RemoteTokenVerifierOptions extends TokenVerificationOptions {
  /** The realm's JWKS, e.g. `<issuer>/protocol/openid-connect/certs`. */
  readonly jwksUri: string;
  /** HTTP timeout of one JWKS fetch (default 5 s). */
  readonly jwksTimeoutMs?: number;
  /** Minimum time between two refetches triggered by an unknown `kid` (default 30 s). */
  readonly jwksCooldownMs?: number;
  /** A cached key set older than this is refetched (default 10 min). */
  readonly jwksCacheMaxAgeMs?: number;
}

export interface LocalTokenVerifierOptions extends TokenVerificationOptions {
  readonly jwks: JSONWebKeySet;
}

const MAX_TOKEN_LENGTH = 16 * 1024;
const VERIFIED_CACHE_SIZE = 1_000;
const MAX_CLAIM_LENGTH = 256;
const KNOWN_ROLES: ReadonlySet<string> = new Set(REALM_ROLES);

/**
 * Verifies Keycloak-shaped access tokens against a key resolver: signature (asymmetric
 * algorithms only), `iss`, `aud`, `exp`/`nbf` with a small clock tolerance, payload `typ` Bearer,
 * `azp`, `sub` and `org_id`. Both adapters (remote JWKS and local key set) share these checks.
 */
export class JwtTokenVerifier implements TokenVerifier {
  private readonly allowedClients: ReadonlySet<string> | undefined;
  private readonly verified = new Map<string, { actor: Actor; expiresAtMs: number }>();

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly options: TokenVerificationOptions,
  ) {
    this.allowedClients = options.allowedClients ? new Set(options.allowedClients) : undefined;
  }

  async verify(bearer: string): Promise<Actor> {
    if (typeof bearer !== 'string' || bearer.length === 0) {
      throw new UnauthenticatedError('no token');
    }
    if (bearer.length > MAX_TOKEN_LENGTH) {
      throw new UnauthenticatedError('token too large');
    }
    const cached = this.verified.get(bearer);
    if (cached && cached.expiresAtMs > Date.now()) return cached.actor;
    if (cached) this.verified.delete(bearer);
    const { expiresAtMs, ...actor } = await this.verifyWithoutCache(bearer);
    this.remember(bearer, actor, expiresAtMs);
    return actor;
  }

  /**
   * A client sends the same token with every request until it expires; its signature and claims
   * do not change meanwhile, so one RSA verification per token is enough. Entries end at the
   * token's `exp` (no clock tolerance granted twice) and the cache is bounded.
   */
  private remember(bearer: string, actor: Actor, expiresAtMs: number | undefined): void {
    if (expiresAtMs === undefined) return;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(bearer, { actor, expiresAtMs });
  }

  private async verifyWithoutCache(bearer: string): Promise<Actor & { expiresAtMs?: number }> {

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(bearer, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...ACCEPTED_ALGORITHMS],
        clockTolerance: this.options.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(describeJoseError(error), { cause: error });
    }

    if (payload['typ'] !== 'Bearer') {
      throw new UnauthenticatedError(`token typ is ${JSON.stringify(payload['typ'])}, not Bearer`);
    }
    const clientId = boundedString(payload['azp']);
    if (!clientId) {
      throw new UnauthenticatedError('azp claim missing');
    }
    if (this.allowedClients && !this.allowedClients.has(clientId)) {
      throw new UnauthenticatedError(`client ${clientId} not allowed`);
    }
    const subject = boundedString(payload.sub);
    if (!subject) {
      throw new UnauthenticatedError('sub claim missing');
    }
    const organizationId = boundedString(payload['org_id']);
    if (!organizationId) {
      throw new UnauthenticatedError('org_id claim missing');
    }

    return { subject, organizationId, roles: realmRoles(payload), expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined };
  }
}

/** Adapter for a real Keycloak: keys fetched from the realm's JWKS, cached, refetched on an unknown `kid`. */
export function createRemoteTokenVerifier(options: RemoteTokenVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
    timeoutDuration: options.jwksTimeoutMs ?? 5_000,
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
  });
  return new JwtTokenVerifier(jwks, options);
}

/** Adapter for the embedded provider: the public keys are in-process, no HTTP round trip. */
export function createLocalTokenVerifier(options: LocalTokenVerifierOptions): TokenVerifier {
  return new JwtTokenVerifier(createLocalJWKSet(options.jwks), options);
}

function boundedString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CLAIM_LENGTH
    ? value
    : undefined;
}

function realmRoles(payload: JWTPayload): RealmRole[] {
  const access = payload['realm_access'];
  const roles =
    access !== null && typeof access === 'object' ? (access as { roles?: unknown }).roles : undefined;
  if (!Array.isArray(roles)) {
    return [];
  }
  const known = new Set<RealmRole>();
  for (const role of roles) {
    if (typeof role === 'string') {
      const lower = role.toLowerCase();
      if (KNOWN_ROLES.has(lower)) {
        known.add(lower as RealmRole);
      }
    }
  }
  return [...known];
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JOSEError) {
    return `${error.code}: ${error.message}`;
  }
  return error instanceof Error ? error.message : 'token verification failed';
}
