import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { DEFAULT_POLICY_PROFILE_ID, type Actor } from '@app/domain';
import { contextFor, deliver, newAggregateId } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Agreement } from '../agreement.types.js';
import { OpenAgreementCommand } from './open-agreement.command.js';
import { OpenAgreementInput } from './open-agreement.input.js';

@Resolver(() => Agreement)
export class OpenAgreementResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Agreement, { description: 'A participant of an agreed assessment opens an agreement among parties, under a policy profile.' })
  async openAgreement(@Args('input') input: OpenAgreementInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Agreement> {
    const context = contextFor(actor, input, request);
    const outcome = await this.commands.execute(
      new OpenAgreementCommand(
        input.id ?? newAggregateId(context),
        input.assessmentId,
        input.partyIds,
        input.policyProfileId ?? DEFAULT_POLICY_PROFILE_ID,
        context,
      ),
    );
    return deliver(outcome, request);
  }
}
