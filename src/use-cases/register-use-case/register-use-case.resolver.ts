import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import { contextFor, deliver, newAggregateId } from '../../graphql/command-edge.js';
import { CurrentActor, RequestContext } from '../../graphql/current-actor.decorator.js';
import type { GraphqlContext } from '../../graphql/graphql-context.js';
import { UseCase } from '../use-case.types.js';
import { RegisterUseCaseCommand } from './register-use-case.command.js';
import { RegisterUseCaseInput } from './register-use-case.input.js';

@Resolver(() => UseCase)
export class RegisterUseCaseResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => UseCase, { description: "A stakeholder or consortium admin registers a use case; the caller's organization registers it." })
  async registerUseCase(
    @Args('input') input: RegisterUseCaseInput,
    @CurrentActor() actor: Actor,
    @RequestContext() request: GraphqlContext,
  ): Promise<UseCase> {
    const context = contextFor(actor, input, request);
    const { environment, role, userSkills } = input.formOfUse;
    const outcome = await this.commands.execute(
      new RegisterUseCaseCommand(
        input.id ?? newAggregateId(context),
        { name: input.name, unit: input.unit, domain: input.domain, formOfUse: { environment, role, userSkills }, description: input.description },
        context,
      ),
    );
    return deliver(outcome, request);
  }
}
