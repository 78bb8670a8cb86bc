import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { ProposeTermsCommand } from './propose-terms.command.js';
import { ProposeTermsInput } from './propose-terms.input.js';

@Resolver(() => Agreement)
export class ProposeTermsResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party proposes a full version of the terms on the version it builds on (0 for the first); a superseded base is a CONFLICT.' })
  async proposeTerms(@Args('input') input: ProposeTermsInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new ProposeTermsCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
