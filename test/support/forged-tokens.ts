// Test support: access tokens an attacker could present, built with jose against a test server.
import { readFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { signingKeysFile } from '@app/identity';
import type { TestServer } from './test-server.js';

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const seconds = () => Math.floor(Date.now() / 1000);

/** What the forger knows: a genuine token's claims and header, the realm's public JWKS, and (as the test harness) the real private key. */
export interface TokenForge {
  /** Claims of a genuine consortium-admin access token, to be re-signed with fresh times. */
  claims: JWTPayload;
  kid: string;
  publicJwk: JWK;
  /** The embedded provider's private key from `<dataDir>/identity/jwks.json`. */
  sign(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  /** Fresh, otherwise valid claims: iat now, exp in five minutes, a new jti. */
  fresh(overrides?: Record<string, unknown>): JWTPayload;
}

export async function tokenForge(server: TestServer, client = 'consortium-admin'): Promise<TokenForge> {
  const genuine = await server.token(client);
  const claims = decodeJwt(genuine);
  const { kid } = decodeProtectedHeader(genuine);
  if (!kid) throw new Error('genuine token has no kid');
  const jwks = (await (await fetch(`${server.baseUrl}/realms/iot-ssf/protocol/openid-connect/certs`)).json()) as { keys: JWK[] };
  const publicJwk = jwks.keys.find((key) => key.kid === kid);
  if (!publicJwk) throw new Error(`kid ${kid} not in the JWKS`);
  const file = JSON.parse(await readFile(signingKeysFile(server.dataDir), 'utf8')) as { keys: JWK[] };
  const privateJwk = file.keys.find((key) => key.kid === kid);
  if (!privateJwk) throw new Error(`kid ${kid} not in ${signingKeysFile(server.dataDir)}`);
  const privateKey = await importJWK(privateJwk, 'RS256');
  let counter = 0;
  return {
    claims,
    kid,
    publicJwk,
    fresh: (overrides = {}) => ({ ...claims, iat: seconds(), exp: seconds() + 300, jti: `forged-${Date.now()}-${counter++}`, ...overrides }),
    sign: (payload, header = {}) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid, ...header }).sign(privateKey),
  };
}

/** `alg: none`: header and payload, empty signature. */
export function unsignedToken(payload: JWTPayload): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** HS256 with the realm's public key as the HMAC secret (the classic RS/HS confusion), once per encoding of that key. */
export async function hmacWithPublicKey(forge: TokenForge, payload: JWTPayload): Promise<Record<string, string>> {
  const pem = createPublicKey({ key: forge.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
  const pkcs1 = createPublicKey({ key: forge.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' }) as string;
  const secrets: Record<string, Uint8Array> = {
    'SPKI PEM': new TextEncoder().encode(pem),
    'PKCS#1 PEM': new TextEncoder().encode(pkcs1),
    'JWK JSON': new TextEncoder().encode(JSON.stringify(forge.publicJwk)),
    modulus: Buffer.from(forge.publicJwk.n ?? '', 'base64url'),
  };
  const tokens: Record<string, string> = {};
  for (const [name, secret] of Object.entries(secrets)) {
    tokens[name] = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: forge.kid }).sign(secret);
  }
  return tokens;
}

/** RS256 with a key the realm never published, claiming the realm's kid. */
export async function foreignKeyToken(forge: TokenForge, payload: JWTPayload, embedJwk = false): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const header: Record<string, unknown> = { alg: 'RS256', typ: 'at+jwt', kid: forge.kid };
  // A verifier that trusted an embedded key would accept the attacker's own.
  if (embedJwk) header.jwk = await exportJWK(publicKey);
  return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(privateKey);
}

/** A genuine token whose payload was edited after signing (signature kept). */
export function tamperedToken(genuine: string, edit: (claims: JWTPayload) => JWTPayload): string {
  const [header, , signature] = genuine.split('.');
  return `${header}.${base64url(edit(decodeJwt(genuine)))}.${signature}`;
}
