import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver, newAggregateId } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Assessment } from '../assessment.types.js';
import { OpenAssessmentCommand } from './open-assessment.command.js';
import { OpenAssessmentInput } from './open-assessment.input.js';

@Resolver(() => Assessment)
export class OpenAssessmentResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Assessment, { description: 'A stakeholder opens the assessment of a use case among participant organizations.' })
  async openAssessment(@Args('input') input: OpenAssessmentInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Assessment> {
    const context = contextFor(actor, input, request);
    const outcome = await this.commands.execute(
      new OpenAssessmentCommand(input.id ?? newAggregateId(context), input.useCaseId, input.participantIds, context),
    );
    return deliver(outcome, request);
  }
}
