import { createHash, randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';

import { UnauthenticatedError } from '../src/index.js';
import { startEmbeddedApp, tempDataDir, type RunningApp } from './support.js';

/** Just enough of a browser: follows nothing by itself, keeps cookies. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return response;
  }
}

const REDIRECT_URI = 'http://localhost:5173/callback';

describe('authorization code flow with PKCE (console)', () => {
  let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
  let running: RunningApp;
  let issuer: string;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    running = await startEmbeddedApp(dataDir.path);
    issuer = `${running.baseUrl}/realms/iot-ssf`;
  });

  afterAll(async () => {
    await running.close();
    await dataDir.remove();
  });

  const authorizeUrl = (params: Record<string, string>): string =>
    `${issuer}/protocol/openid-connect/auth?${new URLSearchParams({
      client_id: 'iot-ssf-console',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      state: 'state-1',
      ...params,
    })}`;

  it('signs a demo user in and issues an access token the verifier accepts', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const browser = new Browser();

    const start = await browser.request(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(start.status).toBe(303);
    const interaction = new URL(start.headers.get('location')!, running.baseUrl).href;
    expect(interaction).toMatch(/\/realms\/iot-ssf\/interaction\/[A-Za-z0-9_-]+$/);

    const loginPage = await browser.request(interaction);
    expect(loginPage.status).toBe(200);
    const html = await loginPage.text();
    expect(html).toContain('name="password"');
    expect(loginPage.headers.get('content-security-policy')).toContain("default-src 'none'");

    const login = (username: string, password: string): Promise<Response> =>
      browser.request(`${interaction}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }),
      });

    expect((await login('alice', 'wrong')).status).toBe(401);
    expect((await login('service-account-acme-devices', '')).status).toBe(401);
    const loggedIn = await login('alice', 'alice-password');
    expect(loggedIn.status).toBe(303);

    const resumed = await browser.request(new URL(loggedIn.headers.get('location')!, running.baseUrl).href);
    expect(resumed.status).toBe(303);
    const callback = new URL(resumed.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-1');
    const code = callback.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const exchange = (codeVerifier: string): Promise<Response> =>
      fetch(`${issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          client_id: 'iot-ssf-console',
          code_verifier: codeVerifier,
        }),
      });

    const token = await exchange(verifier);
    const body = (await token.json()) as Record<string, string>;
    expect(token.status).toBe(200);
    const alice = running.runtime.embedded!.realm.accountsByUsername.get('alice')!;
    expect(decodeJwt(body['access_token']!)).toMatchObject({
      iss: issuer,
      typ: 'Bearer',
      azp: 'iot-ssf-console',
      aud: 'iot-ssf-api',
      sub: alice.id,
      org_id: 'acme-devices',
      preferred_username: 'alice',
      realm_access: { roles: ['manufacturer'] },
      scope: 'openid profile email',
    });
    await expect(running.runtime.verifier.verify(body['access_token']!)).resolves.toEqual({
      subject: alice.id,
      organizationId: 'acme-devices',
      roles: ['manufacturer'],
    });

    // The ID token is for the console, not for the API.
    expect(decodeJwt(body['id_token']!)).toMatchObject({ aud: 'iot-ssf-console', org_id: 'acme-devices', sub: alice.id });
    await expect(running.runtime.verifier.verify(body['id_token']!)).rejects.toBeInstanceOf(UnauthenticatedError);

    // A code is single-use.
    expect((await exchange(verifier)).status).toBe(400);
  });

  it('answers an interaction without its cookie with an error page, not a stack trace', async () => {
    const response = await fetch(`${issuer}/interaction/some-uid`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('invalid_request');
    expect(html).not.toContain('node_modules');
  });

  it('requires PKCE', async () => {
    const response = await new Browser().request(authorizeUrl({}));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a redirect URI the realm does not list', async () => {
    const response = await new Browser().request(
      authorizeUrl({ redirect_uri: 'https://attacker.example/cb', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses a wrong code verifier', async () => {
    const browser = new Browser();
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const start = await browser.request(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const interaction = new URL(start.headers.get('location')!, running.baseUrl).href;
    await browser.request(interaction);
    const loggedIn = await browser.request(`${interaction}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'tara', password: 'tara-password' }),
    });
    const resumed = await browser.request(new URL(loggedIn.headers.get('location')!, running.baseUrl).href);
    const code = new URL(resumed.headers.get('location')!).searchParams.get('code')!;
    const token = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: 'iot-ssf-console',
        code_verifier: randomBytes(32).toString('base64url'),
      }),
    });
    expect(token.status).toBe(400);
    expect(((await token.json()) as Record<string, string>)['error']).toBe('invalid_grant');
  });
});
