import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from './support/test-server.js';

const ASSETS = [
  ['react.production.min.js', /javascript/],
  ['react-dom.production.min.js', /javascript/],
  ['graphiql.min.js', /javascript/],
  ['graphql-ws.min.js', /javascript/],
  ['graphiql-boot.js', /javascript/],
  ['graphiql.min.css', /^text\/css/],
] as const;

/** Every same-origin path the page loads (stylesheets and scripts). */
function referencedPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
}

describe('GraphiQL in development', () => {
  let server: TestServer;
  let html: string;
  let pageResponse: Response;

  beforeAll(async () => {
    server = await startTestServer('pglite', { NODE_ENV: 'development' });
    pageResponse = await fetch(`${server.baseUrl}/graphiql`, { headers: { accept: 'text/html' } });
    html = await pageResponse.text();
  });
  afterAll(() => server.close());

  it('serves the page as HTML under a strict Content-Security-Policy', () => {
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = pageResponse.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(pageResponse.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).toContain('<div id="graphiql"');
  });

  it('names no external URL and runs no inline script or style', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i); // no protocol-relative URL either
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script has a src
    expect(html).not.toMatch(/\sstyle=/);
    for (const path of referencedPaths(html)) expect(path).toMatch(/^\/graphiql\/assets\/[\w.-]+$/);
  });

  it('serves every asset the page references with its content type', async () => {
    const referenced = referencedPaths(html).map((path) => path.split('/').at(-1));
    expect(referenced.sort()).toEqual(ASSETS.map(([name]) => name).sort());
    for (const [name, contentType] of ASSETS) {
      const response = await fetch(`${server.baseUrl}/graphiql/assets/${name}`);
      const body = await response.text();
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      expect(response.headers.get('content-type')).toMatch(contentType);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(body.length).toBeGreaterThan(100);
    }
  });

  it('ships the UMD globals the start-up script uses, and a fetcher with the Authorization header hint', async () => {
    const graphiql = await (await fetch(`${server.baseUrl}/graphiql/assets/graphiql.min.js`)).text();
    expect(graphiql).toContain('.GraphiQL=');
    expect(graphiql).toContain('createFetcher');
    const react = await (await fetch(`${server.baseUrl}/graphiql/assets/react.production.min.js`)).text();
    expect(react).toMatch(/\.React\s*=/);
    const boot = await (await fetch(`${server.baseUrl}/graphiql/assets/graphiql-boot.js`)).text();
    expect(boot).toMatch(/Authorization\\": \\"Bearer /); // JSON-escaped in the script
    expect(boot).toContain('connectionParams');
    expect(boot).not.toMatch(/https?:\/\//);
  });

  it('serves no other file and leaves POST /graphql to the API', async () => {
    for (const path of ['/graphiql/assets/package.json', '/graphiql/assets/..%2F..%2Fpackage.json', '/graphiql/assets/index.js']) {
      expect((await fetch(`${server.baseUrl}${path}`)).status).toBe(404);
    }
    const response = await server.graphql<{ me: { organizationId: string } }>('query { me { organizationId } }', {}, await server.token('acme-devices'));
    expect(response.data?.me.organizationId).toBe('acme-devices');
  });
});

describe('GraphiQL in production', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('pglite', { NODE_ENV: 'production', EMBEDDED_IDP: 'true' });
  });
  afterAll(() => server.close());

  it('does not exist', async () => {
    for (const path of ['/graphiql', '/graphiql/assets/graphiql.min.js', '/graphiql/assets/graphiql-boot.js']) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: { accept: 'text/html' } });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const response = await server.graphql<{ me: { organizationId: string } }>('query { me { organizationId } }', {}, await server.token('acme-devices'));
    expect(response.data?.me.organizationId).toBe('acme-devices');
  });
});
