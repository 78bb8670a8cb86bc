import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { SignOffCommand } from './sign-off.command.js';
import { SignOffInput } from './sign-off.input.js';

@Resolver(() => Agreement)
export class SignOffResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party signs a version by its number and the digest of its terms; the last sign-off concludes the agreement if the policy check passes.' })
  async signOff(@Args('input') input: SignOffInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new SignOffCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
