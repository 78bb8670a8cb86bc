import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { policyCellsOf } from '../policy-profile.inputs.js';
import { PolicyProfile } from '../policy-profile.types.js';
import { DefinePolicyProfileCommand } from './define-policy-profile.command.js';
import { DefinePolicyProfileInput } from './define-policy-profile.input.js';

@Resolver(() => PolicyProfile)
export class DefinePolicyProfileResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => PolicyProfile, { description: 'Consortium admins define a policy profile at version 1.' })
  async definePolicyProfile(
    @Args('input') input: DefinePolicyProfileInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<PolicyProfile> {
    const outcome = await this.commands.execute(
      new DefinePolicyProfileCommand(input.id, input.name, input.description, policyCellsOf(input.cells), contextFor(actor, input, request)),
    );
    return deliver(outcome, request);
  }
}
