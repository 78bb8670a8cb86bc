import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX } from '../../graphql/common.types.js';

@InputType()
export class RejectTermsInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an agreement id' }) agreementId!: string;
  @Field(() => Int) @IsInt() @Min(1) version!: number;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) reason!: string;
}
