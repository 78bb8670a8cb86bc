import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { SignTerminationInput } from './sign-termination.input.js';

export class SignTerminationCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: SignTerminationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SignTerminationCommand)
export class SignTerminationHandler implements ICommandHandler<SignTerminationCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: SignTerminationCommand): Promise<CommandOutcome<Agreement>> {
    // Safe to recompute: there is at most one termination proposal, and the decider refuses when there is none.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'SignTermination', data: { agreementId: input.agreementId }, metadata }),
      context,
      true,
    );
  }
}
