import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { Organization } from '../organization.types.js';
import { RegisterOrganizationCommand } from './register-organization.command.js';
import { RegisterOrganizationInput } from './register-organization.input.js';

@Resolver(() => Organization)
export class RegisterOrganizationResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Organization, { description: 'Consortium admins register an organization under the id its tokens carry.' })
  async registerOrganization(
    @Args('input') input: RegisterOrganizationInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<Organization> {
    const outcome = await this.commands.execute(
      new RegisterOrganizationCommand(input.id, input.name, input.roles, contextFor(actor, input, request)),
    );
    return deliver(outcome, request);
  }
}
