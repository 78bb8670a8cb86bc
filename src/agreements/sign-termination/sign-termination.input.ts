import { Field, ID, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';

@InputType()
export class SignTerminationInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an agreement id' }) agreementId!: string;
}
