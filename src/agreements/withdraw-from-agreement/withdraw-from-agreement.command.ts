import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { WithdrawFromAgreementInput } from './withdraw-from-agreement.input.js';

export class WithdrawFromAgreementCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: WithdrawFromAgreementInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(WithdrawFromAgreementCommand)
export class WithdrawFromAgreementHandler implements ICommandHandler<WithdrawFromAgreementCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: WithdrawFromAgreementCommand): Promise<CommandOutcome<Agreement>> {
    // Not recomputed: withdrawing is a reaction to the terms the party saw; if they changed, the party should see them first.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'WithdrawFromAgreement', data: { agreementId: input.agreementId, reason: input.reason }, metadata }),
      context,
      false,
    );
  }
}
