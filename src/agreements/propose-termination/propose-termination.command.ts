import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { ProposeTerminationInput } from './propose-termination.input.js';

export class ProposeTerminationCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: ProposeTerminationInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ProposeTerminationCommand)
export class ProposeTerminationHandler implements ICommandHandler<ProposeTerminationCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: ProposeTerminationCommand): Promise<CommandOutcome<Agreement>> {
    // Not recomputed: termination reacts to the agreement in force the party saw.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'ProposeTermination', data: { agreementId: input.agreementId, reason: input.reason }, metadata }),
      context,
      false,
    );
  }
}
