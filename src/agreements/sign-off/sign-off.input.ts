import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, Matches, Min } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';

@InputType()
export class SignOffInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an agreement id' }) agreementId!: string;
  @Field(() => Int) @IsInt() @Min(1) version!: number;
  @Field({ description: 'SHA-256 hex digest of the terms of that version.' }) @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be a SHA-256 hex digest' }) digest!: string;
}
