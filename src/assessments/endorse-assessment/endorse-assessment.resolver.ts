import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Assessment } from '../assessment.types.js';
import { EndorseAssessmentCommand } from './endorse-assessment.command.js';
import { EndorseAssessmentInput } from './endorse-assessment.input.js';

@Resolver(() => Assessment)
export class EndorseAssessmentResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Assessment, { description: 'A participant endorses a revision; when all have endorsed the same one, the category is agreed.' })
  async endorseAssessment(@Args('input') input: EndorseAssessmentInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Assessment> {
    const { commandId: _commandId, ...data } = input;
    const outcome = await this.commands.execute(new EndorseAssessmentCommand(data, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
