import autocannon from 'autocannon';

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

export interface LoadRequest {
  setupRequest?: (request: any, context: any) => any;
  onResponse?: (status: number, body: string, context: any) => void;
  body?: string;
  headers?: Record<string, string>;
}

/** Closed-loop HTTP load on 127.0.0.1 with autocannon: `connections` clients for `seconds`. */
export async function load(url: string, connections: number, seconds: number, requests: LoadRequest[], headers: Record<string, string> = {}): Promise<LoadResult> {
  const result = await autocannon({
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
