import { stat } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';

import {
  createEmbeddedIdentityProvider,
  createRemoteTokenVerifier,
  signingKeysFile,
  UnauthenticatedError,
  type TokenVerifier,
} from '../src/index.js';
import { CONTRACT_CLIENTS } from './contract.js';
import { accessToken, REALM_FILE, requestToken, startEmbeddedApp, tempDataDir, type RunningApp } from './support.js';

describe('embedded identity provider', () => {
  let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
  let running: RunningApp;
  let issuer: string;
  let remote: TokenVerifier;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    running = await startEmbeddedApp(dataDir.path);
    issuer = `${running.baseUrl}/realms/iot-ssf`;
    remote = createRemoteTokenVerifier({
      issuer,
      audience: 'iot-ssf-api',
      jwksUri: `${issuer}/protocol/openid-connect/certs`,
    });
  });

  afterAll(async () => {
    await running.close();
    await dataDir.remove();
  });

  it('publishes discovery and keys at the Keycloak paths', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery['issuer']).toBe(issuer);
    expect(discovery['token_endpoint']).toBe(`${issuer}/protocol/openid-connect/token`);
    expect(discovery['jwks_uri']).toBe(`${issuer}/protocol/openid-connect/certs`);
    expect(discovery['authorization_endpoint']).toBe(`${issuer}/protocol/openid-connect/auth`);
    expect(discovery['grant_types_supported']).toEqual(expect.arrayContaining(['client_credentials', 'authorization_code']));
    expect(discovery['code_challenge_methods_supported']).toEqual(['S256']);

    const jwks = (await (await fetch(`${issuer}/protocol/openid-connect/certs`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
      expect(jwks.keys[0]).not.toHaveProperty(member);
    }
  });

  it.each(CONTRACT_CLIENTS)('issues a Keycloak-shaped token to $clientId that both verifiers accept', async (client) => {
    const token = await accessToken(running.baseUrl, client.clientId);
    const serviceAccount = running.runtime.embedded!.realm.serviceAccounts.get(client.clientId)!;

    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({
      iss: issuer,
      typ: 'Bearer',
      azp: client.clientId,
      aud: 'iot-ssf-api',
      sub: serviceAccount.id,
      org_id: client.orgId,
      realm_access: { roles: [...client.roles] },
      scope: 'profile email',
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(300);

    const expected = { subject: serviceAccount.id, organizationId: client.orgId, roles: [...client.roles] };
    await expect(running.runtime.verifier.verify(token)).resolves.toEqual(expected);
    await expect(remote.verify(token)).resolves.toEqual(expected);
  });

  it('accepts client credentials in HTTP Basic as well as in the form body', async () => {
    const { status, body } = await requestToken(running.baseUrl, 'trust-labs', 'trust-labs-secret', 'basic');
    expect(status).toBe(200);
    expect(body['token_type']).toBe('Bearer');
    await expect(remote.verify(String(body['access_token']))).resolves.toMatchObject({ organizationId: 'trust-labs' });
  });

  it('refuses a wrong secret, an unknown client and the public console client', async () => {
    const wrong = await requestToken(running.baseUrl, 'acme-devices', 'rogue-devices-secret');
    expect(wrong.status).toBe(401);
    expect(wrong.body['error']).toBe('invalid_client');
    expect(wrong.body).not.toHaveProperty('access_token');

    const basicWrong = await requestToken(running.baseUrl, 'acme-devices', 'nope', 'basic');
    expect(basicWrong.status).toBe(401);

    const unknown = await requestToken(running.baseUrl, 'nobody', 'nobody-secret');
    expect(unknown.status).toBe(401);
    expect(unknown.body['error']).toBe('invalid_client');

    const consoleClient = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'iot-ssf-console' }),
    });
    const consoleBody = (await consoleClient.json()) as Record<string, unknown>;
    expect(consoleClient.status).toBe(400);
    expect(consoleBody).not.toHaveProperty('access_token');
    expect(consoleBody['error_description']).toBe('requested grant type is not allowed for this client');
  });

  it('refuses a resource other than the API', async () => {
    const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'acme-devices',
        client_secret: 'acme-devices-secret',
        resource: 'https://elsewhere.example/api',
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Record<string, unknown>)['error']).toBe('invalid_target');
  });

  it('keeps its signing key in DATA_DIR, readable by the owner only', async () => {
    const { mode } = await stat(signingKeysFile(dataDir.path));
    expect(mode & 0o777).toBe(0o600);
  });
});

describe('embedded identity provider across a restart', () => {
  it('verifies a token issued before the restart with the same DATA_DIR', async () => {
    const dataDir = await tempDataDir();
    const issuerBaseUrl = 'http://localhost:3999';
    try {
      const first = await startEmbeddedApp(dataDir.path, { issuerBaseUrl });
      const token = await accessToken(first.baseUrl, 'audit-office');
      await first.close();

      const second = await startEmbeddedApp(dataDir.path, { issuerBaseUrl });
      try {
        await expect(second.runtime.verifier.verify(token)).resolves.toMatchObject({ organizationId: 'audit-office', roles: ['auditor'] });
        const remote = createRemoteTokenVerifier({
          issuer: `${issuerBaseUrl}/realms/iot-ssf`,
          audience: 'iot-ssf-api',
          jwksUri: `${second.baseUrl}/realms/iot-ssf/protocol/openid-connect/certs`,
        });
        await expect(remote.verify(token)).resolves.toMatchObject({ organizationId: 'audit-office' });
      } finally {
        await second.close();
      }

      // A fresh DATA_DIR means a fresh key: the old token no longer verifies.
      const other = await tempDataDir();
      const third = await startEmbeddedApp(other.path, { issuerBaseUrl });
      try {
        await expect(third.runtime.verifier.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
      } finally {
        await third.close();
        await other.remove();
      }
    } finally {
      await dataDir.remove();
    }
  });
});

describe('embedded identity provider in production', () => {
  it('refuses to start unless EMBEDDED_IDP=true', async () => {
    const dataDir = await tempDataDir();
    try {
      const options = { realmFile: REALM_FILE, dataDir: dataDir.path, issuerBaseUrl: 'https://ssf.example' };
      await expect(createEmbeddedIdentityProvider({ ...options, production: true, enabled: false })).rejects.toThrow(/EMBEDDED_IDP=true/);
      await expect(startEmbeddedApp(dataDir.path, { production: true, enabled: false })).rejects.toThrow(/EMBEDDED_IDP=true/);

      const enabled = await createEmbeddedIdentityProvider({ ...options, production: true, enabled: true });
      expect(enabled.issuer).toBe('https://ssf.example/realms/iot-ssf');
      await enabled.close();
    } finally {
      await dataDir.remove();
    }
  });
});
