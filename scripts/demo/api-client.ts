/**
 * A small GraphQL client for the demo: client-credentials tokens from the realm's token endpoint,
 * one caller per demo client, and read-your-writes through the consistency token.
 */

/** A failed step, with the server's `extensions.code` / `reason` when it answered with an error. */
export class DemoError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly code?: string,
    readonly reason?: string,
  ) {
    super(`${step}: ${message}${code ? ` [${code}${reason ? ` / ${reason}` : ''}]` : ''}`);
    this.name = 'DemoError';
  }
}

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; reason?: string; [key: string]: unknown };
}

interface GraphqlBody<T> {
  data?: T | null;
  errors?: GraphqlError[];
  extensions?: { consistencyToken?: string; [key: string]: unknown };
}

const REQUEST_TIMEOUT_MS = 15_000;

async function post(url: string, init: RequestInit, step: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new DemoError(step, `cannot reach ${new URL(url).origin} (${cause}); is the server running? (npm start)`);
  }
}

/** An access token for a demo service-account client (dev realm: secret = client id + `-secret`). */
export async function clientCredentialsToken(tokenUrl: string, clientId: string): Promise<string> {
  const step = `token for ${clientId}`;
  const response = await post(
    tokenUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientId}-secret` }),
    },
    step,
  );
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: string; error_description?: string };
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new DemoError(step, `${tokenUrl} answered ${response.status} ${body.error ?? ''} ${body.error_description ?? ''}`.trim());
  }
  return body.access_token;
}

/**
 * Sends operations for one caller. Every mutation's `extensions.consistencyToken` is remembered
 * (shared by all callers of a session), so read-model queries can wait until they include it.
 */
export class DemoSession {
  /** The position of the latest mutation of this session: pass it to read-model queries. */
  consistencyToken: string | undefined;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly graphqlUrl: string,
    private readonly tokenUrl: string,
  ) {}

  async login(clientIds: readonly string[]): Promise<void> {
    for (const clientId of clientIds) this.tokens.set(clientId, await clientCredentialsToken(this.tokenUrl, clientId));
  }

  /** Runs an operation as `clientId` and answers the whole response (data, errors, extensions). */
  async request<T>(clientId: string, step: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlBody<T>> {
    const token = this.tokens.get(clientId);
    if (!token) throw new DemoError(step, `no token for ${clientId}`);
    const response = await post(
      this.graphqlUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      },
      step,
    );
    const body = (await response.json().catch(() => null)) as GraphqlBody<T> | null;
    if (!body || (!body.data && !body.errors)) throw new DemoError(step, `${this.graphqlUrl} answered ${response.status} without a GraphQL body`);
    if (body.extensions?.consistencyToken) this.consistencyToken = body.extensions.consistencyToken;
    return body;
  }

  /** Runs an operation that must succeed. */
  async run<T>(clientId: string, step: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await this.request<T>(clientId, step, query, variables);
    const [error] = body.errors ?? [];
    if (error) throw new DemoError(step, error.message, error.extensions?.code, error.extensions?.reason);
    return body.data as T;
  }

  /** Runs an operation that the server must refuse with `reason`; answers the error. */
  async expectRefusal(clientId: string, step: string, reason: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlError> {
    const body = await this.request(clientId, step, query, variables);
    const [error] = body.errors ?? [];
    if (!error) throw new DemoError(step, `expected the server to refuse with ${reason}, but it accepted`);
    if (error.extensions?.reason !== reason) throw new DemoError(step, `expected ${reason}, got: ${error.message}`, error.extensions?.code, error.extensions?.reason);
    return error;
  }
}
