import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { TEST_BACKENDS } from './support/test-databases.js';
import { startFreshTestServer } from './support/fresh-test-server.js';
import type { TestServer } from './support/test-server.js';

const REGISTER = `mutation Register($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) { id name roles status }
}`;
const CHANGE_ROLES = `mutation($input: ChangeOrganizationRolesInput!) { changeOrganizationRoles(input: $input) { id name roles status } }`;
const DEACTIVATE = `mutation($input: DeactivateOrganizationInput!) { deactivateOrganization(input: $input) { id name roles status } }`;
const ORGANIZATION = `query($id: ID!, $token: String) { organization(id: $id, consistencyToken: $token) { id name roles status } }`;
const ORGANIZATIONS = `query($token: String) { organizations(consistencyToken: $token) { id status } }`;
const REGISTER_USE_CASE = `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id } }`;

for (const backend of TEST_BACKENDS) {
  describe(`organizations over HTTP on ${backend}`, () => {
    let server: TestServer;
    let store: EventStore;
    const eventsOf = async (id: string) => (await store.readStream(`organization-${id}`)).map((event) => event.type);
    const register = (id: string, roles: string[]) =>
      server.as('consortium-admin')(REGISTER, { input: { commandId: `register-${id}`, id, name: `${id} name`, roles } });

    beforeAll(async () => {
      server = await startFreshTestServer(backend);
      store = server.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(() => server.close());

    it('lets a consortium admin register an organization, and answers a retry with the same outcome', async () => {
      const admin = server.as('consortium-admin');
      const input = { commandId: 'reg-acme-1', id: `acme-${Date.now()}`, name: 'ACME Devices', roles: ['MANUFACTURER'] };
      const first = await admin(REGISTER, { input });
      expect(first.errors).toBeUndefined();
      expect(first.data).toEqual({ registerOrganization: { id: input.id, name: 'ACME Devices', roles: ['MANUFACTURER'], status: 'ACTIVE' } });
      expect(first.extensions?.consistencyToken).toEqual(expect.any(String));
      const retry = await admin(REGISTER, { input });
      expect(retry.data).toEqual(first.data);
      const again = await admin(REGISTER, { input: { ...input, commandId: 'reg-acme-2' } });
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

    it('changes roles; a retry, or the same roles again, records nothing', async () => {
      await register('metro-operations', ['OPERATOR']);
      const admin = server.as('consortium-admin');
      const input = { commandId: 'roles-metro-1', organizationId: 'metro-operations', roles: ['OPERATOR', 'SERVICE_PROVIDER'] };
      const changed = await admin(CHANGE_ROLES, { input });
      expect(changed.errors).toBeUndefined();
      expect(changed.data).toEqual({
        changeOrganizationRoles: { id: 'metro-operations', name: 'metro-operations name', roles: ['OPERATOR', 'SERVICE_PROVIDER'], status: 'ACTIVE' },
      });
      expect(await admin(CHANGE_ROLES, { input })).toMatchObject({ data: changed.data });
      expect(await admin(CHANGE_ROLES, { input: { ...input, commandId: 'roles-metro-2', roles: ['SERVICE_PROVIDER', 'OPERATOR'] } })).toMatchObject({
        data: changed.data,
      });
      expect(await eventsOf('metro-operations')).toEqual(['OrganizationRegistered', 'OrganizationRolesChanged']);
    });

    it('refuses a role change by a non-admin, of an unknown organization, or with bad roles', async () => {
      const byOperator = await server.as('metro-operations')(CHANGE_ROLES, { input: { organizationId: 'metro-operations', roles: ['INSURER'] } });
      expect(byOperator.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANIZATION.FORBIDDEN' });
      const unknown = await server.as('consortium-admin')(CHANGE_ROLES, { input: { organizationId: 'nobody', roles: ['INSURER'] } });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ORGANIZATION.NOT_FOUND' });
      const none = await server.as('consortium-admin')(CHANGE_ROLES, { input: { organizationId: 'metro-operations', roles: [] } });
      expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
      const badId = await server.as('consortium-admin')(CHANGE_ROLES, { input: { organizationId: 'a'.repeat(129), roles: ['INSURER'] } });
      expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organizationId' });
      const notARole = await server.as('consortium-admin')(CHANGE_ROLES, { input: { organizationId: 'metro-operations', roles: ['AUDITOR'] } });
      expect(notARole.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('deactivates an organization once; its people can no longer act and its roles no longer change', async () => {
      await register('rogue-devices', ['MANUFACTURER']);
      const before = await server.as('rogue-devices')(REGISTER_USE_CASE, {
        input: { name: 'Rogue camera', unit: 'DEVICE', domain: 'CONSUMER', formOfUse: { environment: 'Homes', role: 'Surveillance', userSkills: 'None' }, description: 'x' },
      });
      expect(before.errors).toBeUndefined();

      const admin = server.as('consortium-admin');
      const input = { commandId: 'deactivate-rogue-1', organizationId: 'rogue-devices', reason: 'Shipped devices with default passwords' };
      const deactivated = await admin(DEACTIVATE, { input });
      expect(deactivated.data).toEqual({
        deactivateOrganization: { id: 'rogue-devices', name: 'rogue-devices name', roles: ['MANUFACTURER'], status: 'DEACTIVATED' },
      });
      expect(await admin(DEACTIVATE, { input })).toMatchObject({ data: deactivated.data });
      expect(await admin(DEACTIVATE, { input: { ...input, commandId: 'deactivate-rogue-2' } })).toMatchObject({ data: deactivated.data });
      expect(await eventsOf('rogue-devices')).toEqual(['OrganizationRegistered', 'OrganizationDeactivated']);

      const after = await server.as('rogue-devices')(REGISTER_USE_CASE, {
        input: { name: 'Rogue camera 2', unit: 'DEVICE', domain: 'CONSUMER', formOfUse: { environment: 'Homes', role: 'Surveillance', userSkills: 'None' }, description: 'x' },
      });
      expect(after.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANIZATION.DEACTIVATED' });
      const roles = await admin(CHANGE_ROLES, { input: { organizationId: 'rogue-devices', roles: ['OPERATOR'] } });
      expect(roles.errors?.[0].extensions).toMatchObject({ code: 'BUSINESS_RULE_VIOLATION', reason: 'ORGANIZATION.DEACTIVATED' });
    });

    it('refuses a deactivation by a non-admin, of an unknown organization, or without a reason', async () => {
      const byOperator = await server.as('metro-operations')(DEACTIVATE, { input: { organizationId: 'metro-operations', reason: 'x' } });
      expect(byOperator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const unknown = await server.as('consortium-admin')(DEACTIVATE, { input: { organizationId: 'nobody', reason: 'x' } });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ORGANIZATION.NOT_FOUND' });
      const noReason = await server.as('consortium-admin')(DEACTIVATE, { input: { organizationId: 'metro-operations', reason: '' } });
      expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      const longReason = await server.as('consortium-admin')(DEACTIVATE, { input: { organizationId: 'metro-operations', reason: 'r'.repeat(10_001) } });
      expect(longReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      const blankReason = await server.as('consortium-admin')(DEACTIVATE, { input: { organizationId: 'metro-operations', reason: '   ' } });
      expect(blankReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    });

    it('reads organizations from the read model', async () => {
      const registered = await register('harbor-insurance', ['INSURER']);
      const token = registered.extensions?.consistencyToken as string;
      const one = await server.as('acme-devices')(ORGANIZATION, { id: 'harbor-insurance', token });
      expect(one.errors).toBeUndefined();
      expect(one.data).toEqual({ organization: { id: 'harbor-insurance', name: 'harbor-insurance name', roles: ['INSURER'], status: 'ACTIVE' } });
      const missing = await server.as('acme-devices')(ORGANIZATION, { id: 'nobody', token });
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const all = await server.as('audit-office')<{ organizations: Array<{ id: string; status: string }> }>(ORGANIZATIONS, { token });
      expect(all.data?.organizations).toEqual(
        expect.arrayContaining([
          { id: 'harbor-insurance', status: 'ACTIVE' },
          { id: 'metro-operations', status: 'ACTIVE' },
          { id: 'rogue-devices', status: 'DEACTIVATED' },
        ]),
      );
      const ids = all.data?.organizations.map((organization) => organization.id) ?? [];
      expect(ids).toEqual([...ids].sort());
      const anonymous = await server.graphql(ORGANIZATIONS);
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
}
