import { describe, it } from '@jest/globals';
import { spec } from '../shared/decider-specification.js';
import { ACME, by, CONSORTIUM } from '../testing/fixtures.js';
import type { OrganizationCommand } from './organization.commands.js';
import { organizationDecider } from './organization.decider.js';
import type { OrganizationEvent } from './organization.events.js';

const admin = by(CONSORTIUM);
const registered: OrganizationEvent = {
  type: 'OrganizationRegistered',
  data: { organizationId: ACME, name: 'Acme Devices', roles: ['MANUFACTURER'] },
};
const deactivated: OrganizationEvent = { type: 'OrganizationDeactivated', data: { organizationId: ACME, reason: 'Left' } };
const register = (data: Partial<{ organizationId: string; name: string; roles: string[] }> = {}, metadata = admin) =>
  ({
    type: 'RegisterOrganization',
    data: { organizationId: ACME, name: ' Acme Devices ', roles: ['MANUFACTURER', 'MANUFACTURER'], ...data },
    metadata,
  }) as OrganizationCommand;
const changeRoles = (roles: string[], metadata = admin) =>
  ({ type: 'ChangeOrganizationRoles', data: { organizationId: ACME, roles }, metadata }) as OrganizationCommand;
const deactivate = (reason = 'Left', metadata = admin): OrganizationCommand => ({
  type: 'DeactivateOrganization',
  data: { organizationId: ACME, reason },
  metadata,
});

const given = spec(organizationDecider).given;

describe('Organization', () => {
  describe('RegisterOrganization', () => {
    it('registers with trimmed name and distinct roles', () =>
      given([]).when(register()).then([registered]));
    it('is for consortium admins only', () => given([]).when(register({}, by(ACME))).thenThrows('ORGANIZATION.FORBIDDEN'));
    it('refuses an existing id', () =>
      given([registered]).when(register()).thenThrows('ORGANIZATION.ALREADY_REGISTERED', { organizationId: ACME }));
    it('refuses a malformed id', () => given([]).when(register({ organizationId: 'a b' })).thenThrows('ORGANIZATION.INVALID'));
    it('refuses a blank name', () => given([]).when(register({ name: ' ' })).thenThrows('ORGANIZATION.INVALID', { field: 'name' }));
    it('refuses no roles or unknown roles', () => {
      given([]).when(register({ roles: [] })).thenThrows('ORGANIZATION.INVALID', { field: 'roles' });
      given([]).when(register({ roles: ['AUDITOR'] })).thenThrows('ORGANIZATION.INVALID', { field: 'roles' });
    });
  });

  describe('ChangeOrganizationRoles', () => {
    it('changes roles, recording the previous ones', () =>
      given([registered])
        .when(changeRoles(['MANUFACTURER', 'SERVICE_PROVIDER']))
        .then([
          {
            type: 'OrganizationRolesChanged',
            data: { organizationId: ACME, roles: ['MANUFACTURER', 'SERVICE_PROVIDER'], previousRoles: ['MANUFACTURER'] },
          },
        ]));
    it('decides nothing when the roles are already in effect', () => given([registered]).when(changeRoles(['MANUFACTURER'])).then([]));
    it('is for consortium admins only', () =>
      given([registered]).when(changeRoles(['OPERATOR'], by(ACME))).thenThrows('ORGANIZATION.FORBIDDEN'));
    it('refuses an unknown organization', () => given([]).when(changeRoles(['OPERATOR'])).thenThrows('ORGANIZATION.NOT_FOUND'));
    it('refuses a deactivated organization', () =>
      given([registered, deactivated]).when(changeRoles(['OPERATOR'])).thenThrows('ORGANIZATION.DEACTIVATED'));
    it('refuses invalid roles', () => given([registered]).when(changeRoles([])).thenThrows('ORGANIZATION.INVALID'));
  });

  describe('DeactivateOrganization', () => {
    it('deactivates', () => given([registered]).when(deactivate()).then([deactivated]));
    it('decides nothing when already deactivated', () => given([registered, deactivated]).when(deactivate()).then([]));
    it('is for consortium admins only', () => given([registered]).when(deactivate('x', by(ACME))).thenThrows('ORGANIZATION.FORBIDDEN'));
    it('refuses an unknown organization', () => given([]).when(deactivate()).thenThrows('ORGANIZATION.NOT_FOUND'));
    it('needs a reason', () => given([registered]).when(deactivate(' ')).thenThrows('ORGANIZATION.INVALID', { field: 'reason' }));
  });
});
