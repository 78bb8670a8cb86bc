import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { RejectTerminationInput } from './reject-termination.input.js';

export class RejectTerminationCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: RejectTerminationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RejectTerminationCommand)
export class RejectTerminationHandler implements ICommandHandler<RejectTerminationCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: RejectTerminationCommand): Promise<CommandOutcome<Agreement>> {
    // Safe to recompute: there is at most one termination proposal, and the decider refuses when there is none.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'RejectTermination', data: { agreementId: input.agreementId, reason: input.reason }, metadata }),
      context,
      true,
    );
  }
}
