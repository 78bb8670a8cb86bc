import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { RejectTermsCommand } from './reject-terms.command.js';
import { RejectTermsInput } from './reject-terms.input.js';

@Resolver(() => Agreement)
export class RejectTermsResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party rejects a version of the terms with a reason.' })
  async rejectTerms(@Args('input') input: RejectTermsInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new RejectTermsCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
