import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Assessment } from '../assessment.types.js';
import { ReopenAssessmentCommand } from './reopen-assessment.command.js';
import { ReopenAssessmentInput } from './reopen-assessment.input.js';

@Resolver(() => Assessment)
export class ReopenAssessmentResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Assessment, { description: 'A participant reopens an agreed assessment with the first revision of a new round.' })
  async reopenAssessment(@Args('input') input: ReopenAssessmentInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Assessment> {
    const { commandId: _commandId, ...data } = input;
    const outcome = await this.commands.execute(new ReopenAssessmentCommand(data, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
