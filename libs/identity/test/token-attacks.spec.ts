import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

import {
  actorFromRequest,
  createRemoteTokenVerifier,
  signingKeysFile,
  UnauthenticatedError,
  type TokenVerifier,
} from '../src/index.js';
import { accessToken, startEmbeddedApp, tempDataDir, type RunningApp } from './support.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token verification refuses forged and misdirected tokens', () => {
  let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
  let running: RunningApp;
  let issuer: string;
  let realmJwk: JWK;
  let realmKey: Awaited<ReturnType<typeof importJWK>>;
  let genuine: string;
  let claims: JWTPayload;
  const verifiers: [string, () => TokenVerifier][] = [
    ['local key set', () => running.runtime.verifier],
    ['remote JWKS', () => remote],
  ];
  let remote: TokenVerifier;

  /** Signs `payload` with the realm's own private key: only the claims are wrong. */
  const signWithRealmKey = async (payload: JWTPayload, alg = 'RS256'): Promise<string> =>
    new SignJWT(payload)
      .setProtectedHeader({ alg, kid: realmJwk.kid!, typ: 'JWT' })
      .sign(alg === 'RS256' ? realmKey : await importJWK({ ...realmJwk, alg }, alg));

  const now = (): number => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    dataDir = await tempDataDir();
    running = await startEmbeddedApp(dataDir.path);
    issuer = `${running.baseUrl}/realms/iot-ssf`;
    remote = createRemoteTokenVerifier({ issuer, audience: 'iot-ssf-api', jwksUri: `${issuer}/protocol/openid-connect/certs` });
    genuine = await accessToken(running.baseUrl, 'acme-devices');
    claims = decodeJwt(genuine);
    const file = JSON.parse(await readFile(signingKeysFile(dataDir.path), 'utf8')) as { keys: JWK[] };
    realmJwk = file.keys[0]!;
    realmKey = await importJWK(realmJwk, 'RS256');
  });

  afterAll(async () => {
    await running.close();
    await dataDir.remove();
  });

  const attacks: [string, () => Promise<string>][] = [
    ['no token', async () => ''],
    ['a malformed token', async () => 'not-a-jwt'],
    ['three garbage segments', async () => 'abc.def.ghi'],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    [
      'HS256 signed with the public key',
      async () => {
        const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = realmJwk;
        const input = `${b64({ alg: 'HS256', kid: realmJwk.kid, typ: 'JWT' })}.${b64(claims)}`;
        const mac = createHmac('sha256', JSON.stringify(publicJwk)).update(input).digest('base64url');
        return `${input}.${mac}`;
      },
    ],
    [
      'a foreign RSA key claiming the realm kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: realmJwk.kid! }).sign(privateKey);
      },
    ],
    [
      'a foreign key with its own kid',
      async () => {
        const { privateKey, publicKey } = await generateKeyPair('ES256');
        const jwk = await exportJWK(publicKey);
        return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'attacker', jwk }).sign(privateKey);
      },
    ],
    ['an algorithm outside the allow-list (RS384)', () => signWithRealmKey(claims, 'RS384')],
    ['an expired token', () => signWithRealmKey({ ...claims, iat: now() - 900, exp: now() - 600 })],
    ['a token expired beyond the 30 s tolerance', () => signWithRealmKey({ ...claims, iat: now() - 400, exp: now() - 45 })],
    ['a token not yet valid', () => signWithRealmKey({ ...claims, iat: now(), nbf: now() + 600, exp: now() + 900 })],
    ['a wrong issuer', () => signWithRealmKey({ ...claims, iss: 'http://127.0.0.1:1/realms/iot-ssf' })],
    ['another realm of the same server', () => signWithRealmKey({ ...claims, iss: `${running.baseUrl}/realms/master` })],
    ['a wrong audience', () => signWithRealmKey({ ...claims, aud: 'account' })],
    ['no audience', () => signWithRealmKey({ ...claims, aud: undefined })],
    ['an ID token (typ ID)', () => signWithRealmKey({ ...claims, typ: 'ID', aud: 'iot-ssf-api' })],
    ['a refresh-typed token', () => signWithRealmKey({ ...claims, typ: 'Refresh' })],
    ['no typ', () => signWithRealmKey({ ...claims, typ: undefined })],
    ['a missing org_id', () => signWithRealmKey({ ...claims, org_id: undefined })],
    ['an empty org_id', () => signWithRealmKey({ ...claims, org_id: '' })],
    ['a non-string org_id', () => signWithRealmKey({ ...claims, org_id: ['acme-devices', 'metro-operations'] })],
    ['a missing azp', () => signWithRealmKey({ ...claims, azp: undefined })],
    ['a missing sub', () => signWithRealmKey({ ...claims, sub: undefined })],
    ['a missing exp', () => signWithRealmKey({ ...claims, exp: undefined })],
    [
      'a tampered payload (org_id swapped, signature kept)',
      async () => {
        const [header, , signature] = genuine.split('.');
        return `${header}.${b64({ ...claims, org_id: 'metro-operations' })}.${signature}`;
      },
    ],
    [
      'a tampered payload (role added, signature kept)',
      async () => {
        const [header, , signature] = genuine.split('.');
        return `${header}.${b64({ ...claims, realm_access: { roles: ['manufacturer', 'consortium_admin'] } })}.${signature}`;
      },
    ],
    ['an oversized token', async () => `${genuine}${'A'.repeat(20_000)}`],
  ];

  describe.each(verifiers)('with the %s adapter', (_name, verifier) => {
    it('accepts the genuine token', async () => {
      await expect(verifier().verify(genuine)).resolves.toMatchObject({ organizationId: 'acme-devices', roles: ['manufacturer'] });
    });

    it.each(attacks)('refuses %s with UNAUTHENTICATED', async (_attack, forge) => {
      const token = await forge();
      const error = await verifier().verify(token).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as UnauthenticatedError).code).toBe('UNAUTHENTICATED');
      expect((error as UnauthenticatedError).message).toBe('Authentication required');
      expect((error as UnauthenticatedError).reason.length).toBeGreaterThan(0);
    });

    it('accepts a token within the clock tolerance and keeps only known roles, lowercased', async () => {
      const token = await signWithRealmKey({
        ...claims,
        iat: now() - 320,
        exp: now() - 10,
        realm_access: { roles: ['Manufacturer', 'AUDITOR', 'default-roles-iot-ssf', 'offline_access', 'superuser'] },
      });
      await expect(verifier().verify(token)).resolves.toEqual({
        subject: claims.sub,
        organizationId: 'acme-devices',
        roles: ['manufacturer', 'auditor'],
      });
    });

    it('accepts an audience array containing the API, as Keycloak may issue', async () => {
      const token = await signWithRealmKey({ ...claims, aud: ['account', 'iot-ssf-api'] });
      await expect(verifier().verify(token)).resolves.toMatchObject({ organizationId: 'acme-devices' });
    });
  });

  describe('actorFromRequest', () => {
    it('authenticates an Authorization: Bearer header', async () => {
      await expect(actorFromRequest({ authorization: `Bearer ${genuine}` }, running.runtime.verifier)).resolves.toMatchObject({
        organizationId: 'acme-devices',
      });
      await expect(actorFromRequest({ authorization: `bearer  ${genuine}` }, running.runtime.verifier)).resolves.toMatchObject({
        organizationId: 'acme-devices',
      });
    });

    it.each([
      ['no header', {}],
      ['an empty header', { authorization: '' }],
      ['Basic credentials', { authorization: `Basic ${Buffer.from('acme-devices:acme-devices-secret').toString('base64')}` }],
      ['a scheme without token', { authorization: 'Bearer' }],
      ['two tokens', { authorization: `Bearer ${genuine} ${genuine}` }],
      ['a repeated header', { authorization: [`Bearer ${genuine}`, `Bearer ${genuine}`] }],
    ])('refuses %s', async (_case, headers) => {
      await expect(actorFromRequest(headers, running.runtime.verifier)).rejects.toBeInstanceOf(UnauthenticatedError);
    });
  });
});
