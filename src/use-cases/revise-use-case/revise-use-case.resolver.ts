import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor, UseCaseDetails } from '@app/domain';
import { contextFor, deliver } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { UseCase } from '../use-case.types.js';
import { ReviseUseCaseCommand } from './revise-use-case.command.js';
import { ReviseUseCaseInput } from './revise-use-case.input.js';

@Resolver(() => UseCase)
export class ReviseUseCaseResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => UseCase, { description: 'The registering organization or a consortium admin changes some details of an active use case.' })
  async reviseUseCase(
    @Args('input') input: ReviseUseCaseInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<UseCase> {
    const changes: Partial<UseCaseDetails> = {};
    if (input.name != null) changes.name = input.name;
    if (input.unit != null) changes.unit = input.unit;
    if (input.domain != null) changes.domain = input.domain;
    if (input.formOfUse != null) {
      const { environment, role, userSkills } = input.formOfUse;
      changes.formOfUse = { environment, role, userSkills };
    }
    if (input.description != null) changes.description = input.description;
    const outcome = await this.commands.execute(new ReviseUseCaseCommand(input.useCaseId, changes, contextFor(actor, input, request)));
    return deliver(outcome, request);
  }
}
