import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX } from '../../graphql/common.types.js';

@InputType()
export class RetireUseCaseInput extends CommandInput {
  @Field(() => ID) @IsString() @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' }) useCaseId!: string;

  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) reason!: string;
}
