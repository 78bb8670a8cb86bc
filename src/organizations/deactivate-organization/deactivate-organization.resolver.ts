import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Organization } from '../organization.types.js';
import { DeactivateOrganizationCommand } from './deactivate-organization.command.js';
import { DeactivateOrganizationInput } from './deactivate-organization.input.js';

@Resolver(() => Organization)
export class DeactivateOrganizationResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Organization, { description: 'Consortium admins deactivate an organization: its people can no longer act, nor can it be named as a party.' })
  async deactivateOrganization(
    @Args('input') input: DeactivateOrganizationInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<Organization> {
    const outcome = await this.commands.execute(
      new DeactivateOrganizationCommand(input.organizationId, input.reason, contextFor(actor, input, request)),
    );
    return deliver(outcome, request);
  }
}
