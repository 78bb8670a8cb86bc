import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { RejectTerminationCommand } from './reject-termination.command.js';
import { RejectTerminationInput } from './reject-termination.input.js';

@Resolver(() => Agreement)
export class RejectTerminationResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party rejects the proposed termination with a reason.' })
  async rejectTermination(@Args('input') input: RejectTerminationInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new RejectTerminationCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
