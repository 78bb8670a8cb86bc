import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, Matches, Min } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';

@InputType()
export class EndorseAssessmentInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an assessment id' }) assessmentId!: string;
  @Field(() => Int) @IsInt() @Min(1) revision!: number;
}
