import autocannon, { type Request } from 'autocannon';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * One request of the sequence each connection loops over. `Context` is what the connection carries
 * from one request of the sequence to the next (autocannon resets it to `{}` at the first).
 */
export interface LoadRequest<Context extends object = object> {
  setupRequest?: (request: Request, context: Context) => Request;
  onResponse?: (status: number, body: string, context: Context) => void;
  body?: string;
  headers?: Record<string, string>;
}

/** Closed-loop HTTP load on 127.0.0.1 with autocannon: `connections` clients for `seconds`. */
export async function load<Context extends object>(url: string, connections: number, seconds: number, requests: Array<LoadRequest<Context>>, headers: Record<string, string> = {}): Promise<LoadResult> {
  const result = await autocannon<Context>({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: requests.map((request) => ({ method: 'POST', ...request })),
    timeout: 10,
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
