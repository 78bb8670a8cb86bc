import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../../src/infrastructure/storage.module.js';
import { railTerms } from '../support/demo-consortium.js';
import { startFreshTestServer } from '../support/fresh-test-server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { agreementWithTerms, registerConsortium } from './support/agreement-setup.js';

interface AbuseCase {
  name: string;
  body: () => string;
  production?: boolean;
}

const ME = '{ me { subject } }';
const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
let agreementId = 'unknown';
const PROPOSE = `mutation($input: ProposeTermsInput!) { proposeTerms(input: $input) { latestVersion } }`;
const clauses = (n: number) => Array.from({ length: n }, (_, i) => ({ ...railTerms(false)[0], title: `Clause ${i}` }));
/** Written by hand: JSON.stringify itself overflows the stack at this depth. */
const nestedJson = (depth: number) => `{"query":${JSON.stringify(PROPOSE)},"variables":{"input":${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}}}`;

/**
 * Issue 6, item 6. Each request is abusive; "refused before execution" means an HTTP 4xx, or a
 * GraphQL answer without a `data` key (Apollo omits it when parsing or validation refuses), or,
 * for a mutation, a BAD_USER_INPUT from input validation that recorded nothing.
 */
const CASES: AbuseCase[] = [
  { name: 'deep nesting (depth 40 through fragments-free selections)', body: () => json(`{ agreements { edges { node { ${'parties { id '.repeat(40)}${'}'.repeat(40)} } } } }`) },
  { name: 'alias flooding (200 aliases)', body: () => json(`{ ${Array.from({ length: 200 }, (_, i) => `a${i}: me { subject }`).join(' ')} }`) },
  // BUG-1 (fixed in 339c87f): this was refused before execution but answered with HTTP 500.
  { name: 'field duplication (5,000 tokens)', body: () => json(`{ me { ${'subject '.repeat(5_000)} } }`) },
  { name: 'directive flooding (100 @include)', body: () => json(`{ me @include(if: true) ${'@skip(if: false) '.repeat(100)} { subject } }`) },
  {
    name: 'expensive query (15 aliased pages of agreements with terms)',
    body: () =>
      json(`{ ${Array.from({ length: 15 }, (_, i) => `p${i}: agreements(first: 100) { edges { node { id parties { id name roles } currentTerms { clauses { title text references responsibleParty { id name } confirmation { method confirmingParty { id name } } } } signOffs { organization { id name } } } } }`).join(' ')} }`),
  },
  { name: 'fragment cycle', body: () => json(`fragment A on Query { me { subject } ...B } fragment B on Query { ...A } { ...A }`) },
  { name: 'unknown field probing (no suggestions)', body: () => json(`{ me { subjec } }`) },
  { name: 'batched array of 100 operations', body: () => JSON.stringify(Array.from({ length: 100 }, () => ({ query: ME }))) },
  { name: 'body of 5 MB', body: () => json(ME, { padding: 'x'.repeat(5 * 1024 * 1024) }) },
  { name: 'body of 1.1 MB', body: () => json(ME, { padding: 'x'.repeat(1_100_000) }) },
  { name: 'proposeTerms with 10,000 clauses', body: () => json(PROPOSE, { input: { agreementId, baseVersion: 1, clauses: clauses(10_000) } }) },
  { name: 'proposeTerms with 1,000 clauses (under the body limit)', body: () => json(PROPOSE, { input: { agreementId, baseVersion: 1, clauses: clauses(1_000) } }) },
  {
    name: 'a clause with 10,000 references',
    body: () => json(PROPOSE, { input: { agreementId, baseVersion: 1, clauses: [{ ...railTerms(false)[0], references: Array.from({ length: 10_000 }, (_, i) => `r${i}`) }] } }),
  },
  { name: 'a 900 kB clause text', body: () => json(PROPOSE, { input: { agreementId, baseVersion: 1, clauses: [{ ...railTerms(false)[0], text: 'x'.repeat(900_000) }] } }) },
  { name: 'variables nested 5,000 levels deep', body: () => nestedJson(5_000) },
  { name: 'malformed JSON', body: () => '{"query": "{ me { subject } }"' },
  { name: 'query is not a string', body: () => JSON.stringify({ query: { nested: true } }) },
  { name: 'introspection in production', body: () => json('{ __schema { types { name fields { name } } } }'), production: true },
  { name: 'introspection hidden in an alias in production', body: () => json('{ s: __schema { queryType { name } } }'), production: true },
];

describe('GraphQL abuse is refused before execution and the service stays healthy', () => {
  let server: TestServer;
  let production: TestServer;
  let database: SqlDatabase;
  const refused: string[] = [];
  const answeredWith5xx: string[] = [];
  beforeAll(async () => {
    server = await startFreshTestServer('pglite');
    production = await startTestServer('pglite', { NODE_ENV: 'production', EMBEDDED_IDP: 'true' });
    database = server.app.get<SqlDatabase>(SQL_DATABASE);
    await registerConsortium(server);
    agreementId = (await agreementWithTerms(server, 'Abuse target')).agreementId;
  }, 60_000);
  afterAll(async () => {
    process.stdout.write(`abuse: ${refused.length}/${CASES.length} refused before execution; answered 5xx: ${JSON.stringify(answeredWith5xx)}\n`);
    await server.close();
    await production.close();
  });

  async function check(abuse: AbuseCase): Promise<void> {
    const target = abuse.production ? production : server;
    const token = await target.token('acme-devices');
    const events = await eventCount(database);
    const response = await fetch(`${target.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: abuse.body(),
    });
    const text = await response.text();
    if (process.env.RELIABILITY_DEBUG) process.stdout.write(`${abuse.name}: ${response.status} ${text.slice(0, 400)}\n`);
    let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // 4xx from the body parser: a short text or HTML page
    }
    const codes = (body.errors ?? []).map((error) => error.extensions?.code);
    const beforeExecution = (response.status >= 400 && response.status < 500) || (!('data' in body) && (body.errors?.length ?? 0) > 0);
    const validationRefusal = (body.data === null || body.data === undefined) && codes.length > 0 && codes.every((code) => code === 'BAD_USER_INPUT');
    if (beforeExecution || validationRefusal) refused.push(abuse.name);
    if (response.status >= 500) answeredWith5xx.push(abuse.name);
    expect(response.status).toBeLessThan(500);
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    expect(beforeExecution || validationRefusal).toBe(true);
    expect(text).not.toMatch(/Did you mean|at .*\.(ts|js):\d+|SELECT /);
    expect(await eventCount(database)).toBe(events);

    expect((await fetch(`${target.baseUrl}/health`)).status).toBe(200);
    const me = await target.graphql<{ me: { organizationId: string } }>('{ me { organizationId } }', {}, token);
    expect(me.data?.me.organizationId).toBe('acme-devices');
  }

  it.each(CASES)('$name', check, 30_000);
});

async function eventCount(database: SqlDatabase): Promise<number> {
  const { rows } = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
  return rows[0].n;
}
