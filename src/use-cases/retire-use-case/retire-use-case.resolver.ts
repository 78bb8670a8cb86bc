import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { UseCase } from '../use-case.types.js';
import { RetireUseCaseCommand } from './retire-use-case.command.js';
import { RetireUseCaseInput } from './retire-use-case.input.js';

@Resolver(() => UseCase)
export class RetireUseCaseResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => UseCase, { description: 'The registering organization or a consortium admin retires a use case: no new assessment can be opened for it.' })
  async retireUseCase(
    @Args('input') input: RetireUseCaseInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<UseCase> {
    const outcome = await this.commands.execute(new RetireUseCaseCommand(input.useCaseId, input.reason, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
