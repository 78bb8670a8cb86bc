import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, Matches, Min, ValidateNested } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';
import { Type } from 'class-transformer';
import { ClauseInput } from '../agreement.inputs.js';

@InputType()
export class ProposeTermsInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an agreement id' }) agreementId!: string;
  @Field(() => Int, { description: 'The version this proposal builds on: 0 for the first.' }) @IsInt() @Min(0) baseVersion!: number;
  @Field(() => [ClauseInput]) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ClauseInput) clauses!: ClauseInput[];
}
