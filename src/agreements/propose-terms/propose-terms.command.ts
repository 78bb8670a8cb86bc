import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { ProposeTermsInput } from './propose-terms.input.js';

export class ProposeTermsCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: ProposeTermsInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ProposeTermsCommand)
export class ProposeTermsHandler implements ICommandHandler<ProposeTermsCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: ProposeTermsCommand): Promise<CommandOutcome<Agreement>> {
    // Safe to recompute: the proposal names its base version and the decider refuses a superseded one.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'ProposeTerms', data: { agreementId: input.agreementId, baseVersion: input.baseVersion, clauses: input.clauses.map((clause) => ({ ...clause, confirmation: { ...clause.confirmation } })) }, metadata }),
      context,
      true,
    );
  }
}
