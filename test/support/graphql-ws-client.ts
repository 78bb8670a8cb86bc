// Test support: one graphql-ws subscription against the test server, reduced to its first outcome.
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { WebSocket } from 'ws';

export type SubscriptionOutcome =
  | { kind: 'result'; result: FormattedExecutionResult<Record<string, unknown>, unknown> }
  /** The server closed the socket (e.g. 4403 Forbidden when the connection's token is refused). */
  | { kind: 'closed'; code: number; detail: string }
  | { kind: 'error'; detail: string }
  | { kind: 'timeout'; detail: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens a connection (with `authorization: Bearer <token>` in the connection parameters when a
 * token is given), subscribes, and answers the first thing the server says: a result (data or
 * errors), an error, or the socket's close. Until then `poke` runs every few hundred milliseconds,
 * so an accepted subscription gets something to deliver.
 */
export async function subscribeOnce(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token: string | undefined,
  poke: () => Promise<void> = async () => {},
  timeoutMs = 8_000,
): Promise<SubscriptionOutcome> {
  let outcome: SubscriptionOutcome | null = null;
  let closeCode: number | null = null;
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    on: {
      closed: (event) => {
        closeCode = (event as { code?: number }).code ?? null;
      },
    },
  });
  const unsubscribe = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        outcome ??= { kind: 'result', result };
      },
      error: (error) => {
        const code = (error as { code?: number }).code;
        if (typeof code === 'number') outcome ??= { kind: 'closed', code, detail: String((error as { reason?: string }).reason ?? '') };
        else outcome ??= { kind: 'error', detail: error instanceof Error ? error.message : JSON.stringify(error) };
      },
      complete: () => {
        outcome ??= closeCode === null ? { kind: 'error', detail: 'completed without a result' } : { kind: 'closed', code: closeCode, detail: 'closed' };
      },
    },
  );
  const deadline = Date.now() + timeoutMs;
  try {
    const settled = () => outcome !== null;
    await sleep(100);
    while (!settled() && Date.now() < deadline) {
      await poke();
      for (let waited = 0; !settled() && waited < 300; waited += 25) await sleep(25);
    }
    return outcome ?? { kind: 'timeout', detail: `nothing within ${timeoutMs} ms` };
  } finally {
    unsubscribe();
    await client.dispose();
  }
}
