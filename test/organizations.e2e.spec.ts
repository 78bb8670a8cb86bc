import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_BACKENDS } from './support/test-databases.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const REGISTER = `mutation Register($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) { id name roles status }
}`;

for (const backend of TEST_BACKENDS) {
  describe(`organizations over HTTP on ${backend}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(backend);
    });
    afterAll(() => server.close());

    it('lets a consortium admin register an organization, and answers a retry with the same outcome', async () => {
      const admin = server.as('consortium-admin');
      const run = Date.now().toString(36);
      const input = { commandId: `reg-acme-${run}`, id: `acme-${run}`, name: 'ACME Devices', roles: ['MANUFACTURER'] };
      const first = await admin(REGISTER, { input });
      expect(first.errors).toBeUndefined();
      expect(first.data).toEqual({ registerOrganization: { id: input.id, name: 'ACME Devices', roles: ['MANUFACTURER'], status: 'ACTIVE' } });
      expect(first.extensions?.consistencyToken).toEqual(expect.any(String));
      const retry = await admin(REGISTER, { input });
      expect(retry.data).toEqual(first.data);
      const again = await admin(REGISTER, { input: { ...input, commandId: `reg-acme-${run}-again` } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORGANIZATION.ALREADY_REGISTERED' });
    });

    it('refuses a manufacturer with FORBIDDEN and a missing token with UNAUTHENTICATED', async () => {
      const input = { id: `x-${Date.now()}`, name: 'X', roles: ['OPERATOR'] };
      const asManufacturer = await server.as('acme-devices')(REGISTER, { input });
      expect(asManufacturer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const anonymous = await server.graphql(REGISTER, { input });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses bad input with BAD_USER_INPUT naming the field', async () => {
      const response = await server.as('consortium-admin')(REGISTER, { input: { id: 'ok-id', name: 'n'.repeat(201), roles: ['OPERATOR'] } });
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      const badId = await server.as('consortium-admin')(REGISTER, { input: { id: 'has space', name: 'n', roles: ['OPERATOR'] } });
      expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });
  });
}
