import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { WithdrawFromAgreementCommand } from './withdraw-from-agreement.command.js';
import { WithdrawFromAgreementInput } from './withdraw-from-agreement.input.js';

@Resolver(() => Agreement)
export class WithdrawFromAgreementResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A party withdraws while negotiating (or abandons an amendment), with a reason.' })
  async withdrawFromAgreement(@Args('input') input: WithdrawFromAgreementInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const outcome = await this.commands.execute(new WithdrawFromAgreementCommand(input, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
