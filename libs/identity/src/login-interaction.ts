import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Provider } from 'oidc-provider';

import type { Realm, RealmAccount } from './realm-file.js';

/** A Connect-style middleware, what Express 5 `app.use` accepts. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const MAX_FORM_BYTES = 8 * 1024;

/**
 * The demo login page for the authorization code flow: `GET <uid>` shows it, `POST <uid>/login`
 * checks a realm user's password, `GET <uid>/abort` cancels. Consent is never asked: realm clients
 * have `consentRequired: false` and the provider grants first-party clients what they request.
 */
export function loginInteraction(provider: Provider, realm: Realm, basePath: string): NodeMiddleware {
  return (req, res, next) => {
    handle(provider, realm, basePath, req, res).catch((error: unknown) => {
      // oidc-provider errors (expired or foreign interaction, missing cookie) are the user's;
      // anything else goes to the app's error handling.
      const oauth = error as { statusCode?: number; error?: string; error_description?: string; expose?: boolean };
      if (res.headersSent || !oauth.expose || typeof oauth.statusCode !== 'number') {
        next(error);
        return;
      }
      send(res, oauth.statusCode, errorPage(oauth));
    });
  };
}

async function handle(
  provider: Provider,
  realm: Realm,
  basePath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  const [, uid, action] = /^\/([A-Za-z0-9_-]+)(?:\/(login|abort))?\/?$/.exec(path) ?? [];
  if (!uid) {
    send(res, 404, page('Not found', '<p>Unknown interaction.</p>'));
    return;
  }

  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, page('Expired', '<p>This sign-in request has expired. Start again.</p>'));
    return;
  }
  const client = realm.clients.get(String(details.params['client_id']));

  if (action === 'abort' && req.method === 'GET') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
    return;
  }

  if (details.prompt.name !== 'login') {
    // Only reached for a client with consentRequired: true, which the demo realm has none of.
    await provider.interactionFinished(req, res, {
      error: 'consent_required',
      error_description: 'the embedded provider shows no consent screen',
    }, { mergeWithLastSubmission: false });
    return;
  }

  const loginAction = `${basePath}/interaction/${uid}/login`;
  const cancel = `${basePath}/interaction/${uid}/abort`;
  const clientName = client?.clientId ?? 'an application';

  if (action === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const account = authenticate(realm, form.get('username') ?? '', form.get('password') ?? '');
    if (!account) {
      send(res, 401, loginPage(loginAction, cancel, clientName, 'Invalid username or password.'));
      return;
    }
    await provider.interactionFinished(req, res, {
      login: { accountId: account.id },
    }, { mergeWithLastSubmission: false });
    return;
  }

  if (req.method !== 'GET' || action) {
    send(res, 405, page('Not allowed', '<p>Method not allowed.</p>'));
    return;
  }
  send(res, 200, loginPage(loginAction, cancel, clientName));
}

/** Realm users only (not service accounts), enabled, with a password; compared in constant time. */
export function authenticate(realm: Realm, username: string, password: string): RealmAccount | undefined {
  const account = realm.accountsByUsername.get(username);
  const expected = account && !account.serviceAccountClientId && account.enabled ? account.password : undefined;
  const matches = timingSafeEqual(digest(expected ?? '\0no-password'), digest(password));
  return matches && expected !== undefined ? account : undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('login form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.end(html);
}

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}</style>
</head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

/** The provider's error page (e.g. an unknown redirect_uri): no details beyond the OAuth error. */
export function errorPage(out: { error?: string; error_description?: string }): string {
  return page('Sign-in error', `<p>${escape(out.error ?? 'server_error')}</p><p>${escape(out.error_description ?? '')}</p>`);
}

function loginPage(action: string, cancel: string, clientName: string, error?: string): string {
  return page(
    'Sign in to iot-ssf',
    `<p>Development sign-in for <strong>${escape(clientName)}</strong>.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${escape(action)}" autocomplete="off">
<label>Username <input name="username" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button></form>
<p><a href="${escape(cancel)}">Cancel</a></p>`,
  );
}
