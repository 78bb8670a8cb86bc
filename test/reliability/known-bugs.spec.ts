import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFreshTestServer } from '../support/fresh-test-server.js';
import { TEST_BACKENDS } from '../support/test-databases.js';
import type { TestServer } from '../support/test-server.js';
import { registerConsortium } from './support/agreement-setup.js';

/**
 * Defects found by the reliability suite, each reduced to one request, kept as regression tests
 * once fixed. See docs/reliability.md, "Bugs found".
 */
describe.each(TEST_BACKENDS)('known bugs (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startFreshTestServer(backend);
    await registerConsortium(server);
  }, 60_000);
  afterAll(() => server.close());

  // BUG-2 (found by mutation-fuzz, seed 884482): a string with U+0000 passed input validation, and
  // PostgreSQL's jsonb refused it at append time (22P05), answered as INTERNAL_SERVER_ERROR.
  it('BUG-2 (fixed): a NUL character in a string input is a BAD_USER_INPUT naming the field', async () => {
    const response = await server.as('acme-devices')(
      `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id } }`,
      { input: { name: 'Nul', unit: 'DEVICE', domain: 'CONSUMER', description: 'a\u0000b', formOfUse: { environment: 'home', role: 'bell', userSkills: 'none' } } },
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'description' });
  });

  it('BUG-2 leaves the store unchanged and the service healthy meanwhile', async () => {
    const response = await server.as('consortium-admin')(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
      { input: { id: 'nul-org', name: 'N\u0000L', roles: ['OPERATOR'] } },
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const read = await server.as('consortium-admin')(`query { organization(id: "nul-org") { id } }`);
    expect(read.data ?? null).toBeNull();
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });
});
