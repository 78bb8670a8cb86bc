import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Assessment } from '../assessment.types.js';
import { ChallengeAssessmentCommand } from './challenge-assessment.command.js';
import { ChallengeAssessmentInput } from './challenge-assessment.input.js';

@Resolver(() => Assessment)
export class ChallengeAssessmentResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Assessment, { description: 'A participant disputes a revision with a counter-rating and a reason.' })
  async challengeAssessment(@Args('input') input: ChallengeAssessmentInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Assessment> {
    const { commandId: _commandId, ...data } = input;
    const outcome = await this.commands.execute(new ChallengeAssessmentCommand(data, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
