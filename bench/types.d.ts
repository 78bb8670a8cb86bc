/**
 * autocannon 9 ships no type declarations (and @types/autocannon is not a dependency): this declares
 * the part of its programmatic API that bench/lib/load.ts uses, as its README ("API", "Customizing
 * sent requests", "Results") and lib/ (init.js, httpRequestBuilder.js, requestIterator.js,
 * aggregateResult.js) define it.
 */
declare module 'autocannon' {
  /**
   * The request as autocannon hands it to `setupRequest`: the instance's defaults (method, headers,
   * body, ...) merged with the entry of `requests`. `setupRequest` returns the request to send.
   */
  export interface Request {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string | Buffer;
  }

  /**
   * One entry of `requests`. Each connection loops over the entries and keeps a `context` object
   * across them; it is reset to a clone of `initialContext` (or `{}`) when it starts over at the first.
   */
  export interface RequestOptions<Context extends object> {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** A falsy result restarts the sequence from the first entry. */
    setupRequest?: (request: Request, context: Context) => Request | null | undefined;
    onResponse?: (status: number, body: string, context: Context, headers: Record<string, string>) => void;
  }

  export interface Options<Context extends object> {
    url: string;
    /** Default 10. */
    connections?: number;
    /** Seconds (or a timestring); default 10. */
    duration?: number | string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    requests?: Array<RequestOptions<Context>>;
    initialContext?: Context;
    /** Seconds to wait for a response; default 10. */
    timeout?: number;
  }

  /** An hdr-histogram-percentiles-obj summary. */
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p0_001: number;
    p0_01: number;
    p0_1: number;
    p1: number;
    p2_5: number;
    p10: number;
    p25: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
    p99_99: number;
    p99_999: number;
  }

  export interface Result {
    url: string;
    connections: number;
    pipelining: number;
    /** Seconds. */
    duration: number;
    start: Date;
    finish: Date;
    /** Response latency, ms. */
    latency: Histogram & { totalCount: number };
    /** Requests per second sample; `total` completed, `sent` sent. */
    requests: Histogram & { total: number; sent: number };
    /** Response bytes per second sample; `total` bytes. */
    throughput: Histogram & { total: number };
    /** Connection errors, timeouts included. */
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** Without a callback the returned instance (an EventEmitter) is also a promise of the results. */
  export default function autocannon<Context extends object>(options: Options<Context>): PromiseLike<Result>;
}
