import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { SignTerminationCommand } from './sign-termination.command.js';
import { SignTerminationInput } from './sign-termination.input.js';

@Resolver(() => Agreement)
export class SignTerminationResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party signs the proposed termination; the last signature terminates the agreement.' })
  async signTermination(@Args('input') input: SignTerminationInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new SignTerminationCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
