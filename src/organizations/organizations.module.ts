import { Module } from '@nestjs/common';
import { OrganizationQueryResolver } from './organization-query/organization-query.resolver.js';
import { ChangeOrganizationRolesHandler } from './change-organization-roles/change-organization-roles.command.js';
import { ChangeOrganizationRolesResolver } from './change-organization-roles/change-organization-roles.resolver.js';
import { DeactivateOrganizationHandler } from './deactivate-organization/deactivate-organization.command.js';
import { DeactivateOrganizationResolver } from './deactivate-organization/deactivate-organization.resolver.js';
import { RegisterOrganizationHandler } from './register-organization/register-organization.command.js';
import { RegisterOrganizationResolver } from './register-organization/register-organization.resolver.js';
import { MeResolver } from '../me/me.resolver.js';

@Module({
  providers: [
    OrganizationQueryResolver,
    RegisterOrganizationHandler,
    RegisterOrganizationResolver,
    ChangeOrganizationRolesHandler,
    ChangeOrganizationRolesResolver,
    DeactivateOrganizationHandler,
    DeactivateOrganizationResolver,
    MeResolver,
  ],
})
export class OrganizationsModule {}
