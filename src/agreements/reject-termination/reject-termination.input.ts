import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX } from '../../graphql/common.types.js';

@InputType()
export class RejectTerminationInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an agreement id' }) agreementId!: string;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) reason!: string;
}
