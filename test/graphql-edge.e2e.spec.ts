import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './support/test-server.js';

const SCHEMA_FILE = join(process.cwd(), 'schema.graphql');

/** The edge of the API: its committed schema, and the limits that refuse abuse before execution. */
describe('GraphQL edge', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    token = await server.token('acme-devices');
  });
  afterAll(() => server.close());

  it('matches the committed schema.graphql (run with UPDATE_SCHEMA=1 after an intended change)', () => {
    const printed = `${printSchema(lexicographicSortSchema(server.app.get(GraphQLSchemaHost).schema))}\n`;
    if (process.env.UPDATE_SCHEMA === '1' || !existsSync(SCHEMA_FILE)) writeFileSync(SCHEMA_FILE, printed);
    expect(printed).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const response = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  async function healthy(): Promise<void> {
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    const me = await server.graphql<{ me: { organizationId: string } }>('{ me { organizationId } }', {}, token);
    expect(me.data?.me.organizationId).toBe('acme-devices');
  }

  it('refuses deep nesting before execution', async () => {
    let selection = 'organizationId';
    for (let depth = 0; depth < 12; depth++) selection = `__typename me { ${selection} }`;
    const response = await server.graphql(`{ me { ${selection} } }`, {}, token);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].message).toMatch(/depth|Cannot query field/i);
    await healthy();
  });

  it('refuses alias flooding', async () => {
    const aliases = Array.from({ length: 50 }, (_, index) => `a${index}: me { subject }`).join(' ');
    const response = await server.graphql(`{ ${aliases} }`, {}, token);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].message).toMatch(/alias/i);
    await healthy();
  });

  it('refuses documents with too many tokens', async () => {
    const fields = Array.from({ length: 1_500 }, () => 'subject').join(' ');
    const response = await server.graphql(`{ me { ${fields} } }`, {}, token);
    expect(response.data ?? null).toBeNull();
    // Refused during parsing/validation (the token limit, or validation giving up): never executed.
    expect(response.errors?.[0].message).toMatch(/token|Validation aborted/i);
    await healthy();
  });

  it('answers request errors as such: unknown operation name, subscription over HTTP, token limit (400, not 500)', async () => {
    const unknownOperation = await post(JSON.stringify({ query: 'query A { me { subject } }', operationName: 'B' }));
    expect(unknownOperation.status).toBe(400);
    expect(JSON.parse(unknownOperation.text).errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    const subscription = await post(JSON.stringify({ query: 'subscription { agreementChanged(id: "x") { id } }' }));
    expect(subscription.status).toBe(400);
    expect(JSON.parse(subscription.text).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION.OVER_HTTP' });
    const tooManyTokens = await post(JSON.stringify({ query: `{ me { ${Array.from({ length: 2_500 }, () => 'subject').join(' ')} } }` }));
    expect(tooManyTokens.status).toBe(400);
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const huge = JSON.stringify({ query: '{ me { subject } }', variables: { padding: 'x'.repeat(1_100_000) } });
    expect((await post(huge)).status).toBe(413);
    await healthy();
  });

  it('refuses batched requests', async () => {
    const response = await post(JSON.stringify([{ query: '{ me { subject } }' }, { query: '{ me { subject } }' }]));
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('acme-devices');
  });

  it('prevents CSRF: a simple cross-site request is refused', async () => {
    const response = await fetch(`${server.baseUrl}/graphql?query=${encodeURIComponent('{ me { subject } }')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('names the field of an over-long string input', async () => {
    const response = await server.as('consortium-admin')(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
      { input: { id: 'x'.repeat(129), name: 'n', roles: ['OPERATOR'] } },
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('bounds scalar arguments too, naming them', async () => {
    const response = await server.graphql(`query($id: ID!) { agreement(id: $id) { id } }`, { id: 'a'.repeat(2_000) }, token);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('masks unexpected failures: no stack, no SQL in responses', async () => {
    const response = await server.graphql(`query { agreement(id: "${'%'.repeat(10)}") { id } }`, {}, token);
    expect(JSON.stringify(response)).not.toMatch(/stack|SELECT|at .*\.ts/);
  });
});

describe('GraphQL edge in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { NODE_ENV: 'production', EMBEDDED_IDP: 'true' });
  });
  afterAll(() => server.close());

  it('refuses introspection', async () => {
    const response = await server.as('acme-devices')('{ __schema { types { name } } }');
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].message).toMatch(/introspection/i);
  });
});
