import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { ProposeTerminationCommand } from './propose-termination.command.js';
import { ProposeTerminationInput } from './propose-termination.input.js';

@Resolver(() => Agreement)
export class ProposeTerminationResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party proposes to terminate a concluded agreement; every party must sign the termination.' })
  async proposeTermination(@Args('input') input: ProposeTerminationInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new ProposeTerminationCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
