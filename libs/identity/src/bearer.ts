import type { Actor } from './actor.js';
import type { TokenVerifier } from './token-verifier.js';
import { UnauthenticatedError } from './unauthenticated.error.js';

/** Header bag as Node, Express and GraphQL contexts expose it. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i;

/** The token of an `Authorization: Bearer <token>` header; throws {@link UnauthenticatedError} otherwise. */
export function bearerTokenFrom(headers: RequestHeaders): string {
  const raw = headers['authorization'] ?? headers['Authorization'];
  if (raw === undefined) {
    throw new UnauthenticatedError('no Authorization header');
  }
  if (typeof raw !== 'string') {
    throw new UnauthenticatedError('repeated Authorization header');
  }
  const match = BEARER.exec(raw);
  if (!match?.[1]) {
    throw new UnauthenticatedError('Authorization header is not a Bearer token');
  }
  return match[1];
}

/** Authenticates a request by its `Authorization: Bearer` header. */
export async function actorFromRequest(
  headers: RequestHeaders,
  verifier: TokenVerifier,
): Promise<Actor> {
  return verifier.verify(bearerTokenFrom(headers));
}
