import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { policyCellsOf } from '../policy-profile.inputs.js';
import { PolicyProfile } from '../policy-profile.types.js';
import { RevisePolicyProfileCommand } from './revise-policy-profile.command.js';
import { RevisePolicyProfileInput } from './revise-policy-profile.input.js';

@Resolver(() => PolicyProfile)
export class RevisePolicyProfileResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => PolicyProfile, { description: 'Consortium admins publish the next version of a profile; agreements keep the version they were opened under.' })
  async revisePolicyProfile(
    @Args('input') input: RevisePolicyProfileInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<PolicyProfile> {
    const changes = {
      ...(input.name == null ? {} : { name: input.name }),
      ...(input.description == null ? {} : { description: input.description }),
      cells: policyCellsOf(input.cells),
    };
    const outcome = await this.commands.execute(
      new RevisePolicyProfileCommand(input.policyProfileId, input.baseVersion, changes, contextFor(actor, input, request)),
    );
    return deliver(outcome, request);
  }
}
