import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { RejectTermsInput } from './reject-terms.input.js';

export class RejectTermsCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: RejectTermsInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RejectTermsCommand)
export class RejectTermsHandler implements ICommandHandler<RejectTermsCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: RejectTermsCommand): Promise<CommandOutcome<Agreement>> {
    // Safe to recompute: the rejection names its version and the decider refuses a superseded one.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'RejectTerms', data: { agreementId: input.agreementId, version: input.version, reason: input.reason }, metadata }),
      context,
      true,
    );
  }
}
