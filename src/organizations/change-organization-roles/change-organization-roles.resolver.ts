import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Organization } from '../organization.types.js';
import { ChangeOrganizationRolesCommand } from './change-organization-roles.command.js';
import { ChangeOrganizationRolesInput } from './change-organization-roles.input.js';

@Resolver(() => Organization)
export class ChangeOrganizationRolesResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Organization, { description: "Consortium admins replace an active organization's stakeholder roles." })
  async changeOrganizationRoles(
    @Args('input') input: ChangeOrganizationRolesInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<Organization> {
    const outcome = await this.commands.execute(
      new ChangeOrganizationRolesCommand(input.organizationId, input.roles, contextFor(actor, input, request)),
    );
    return deliver(outcome, request);
  }
}
