import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { Assessment } from '../assessment.types.js';
import { ProposeAssessmentCommand } from './propose-assessment.command.js';
import { ProposeAssessmentInput } from './propose-assessment.input.js';

@Resolver(() => Assessment)
export class ProposeAssessmentResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => Assessment, { description: 'A participant proposes a new revision: both levels, impact statements and a rationale.' })
  async proposeAssessment(@Args('input') input: ProposeAssessmentInput, @CurrentActor() actor: Actor, @RequestContext() request: GraphqlContext): Promise<Assessment> {
    const { commandId: _commandId, ...data } = input;
    const outcome = await this.commands.execute(new ProposeAssessmentCommand(data, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
