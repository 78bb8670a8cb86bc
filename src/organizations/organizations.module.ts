import { Module } from '@nestjs/common';
import { RegisterOrganizationHandler } from './register-organization/register-organization.command.js';
import { RegisterOrganizationResolver } from './register-organization/register-organization.resolver.js';
import { MeResolver } from '../me/me.resolver.js';

@Module({
  providers: [RegisterOrganizationHandler, RegisterOrganizationResolver, MeResolver],
})
export class OrganizationsModule {}
