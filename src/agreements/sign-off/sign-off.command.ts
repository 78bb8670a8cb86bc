import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import type { CommandContext } from '../../application/command-pipeline.js';
import type { CommandOutcome } from '../../application/command-outcome.js';
import { runAgreementCommand } from '../agreement-outcome.js';
import type { Agreement } from '../agreement.types.js';
import type { SignOffInput } from './sign-off.input.js';

export class SignOffCommand extends Command<CommandOutcome<Agreement>> {
  constructor(
    readonly input: SignOffInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SignOffCommand)
export class SignOffHandler implements ICommandHandler<SignOffCommand> {
  constructor(private readonly aggregates: AggregateCommands) {}

  execute({ input, context }: SignOffCommand): Promise<CommandOutcome<Agreement>> {
    // Safe to recompute: the sign-off names version and digest, so it can only ever sign what the party read.
    return runAgreementCommand(
      this.aggregates,
      input.agreementId,
      (metadata) => ({ type: 'SignOff', data: { agreementId: input.agreementId, version: input.version, digest: input.digest }, metadata }),
      context,
      true,
    );
  }
}
