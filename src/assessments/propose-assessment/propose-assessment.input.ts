import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { IDENTIFIER_PATTERN } from '../../graphql/common.types.js';
import { RevisionContentInput } from '../assessment.inputs.js';

@InputType()
export class ProposeAssessmentInput extends RevisionContentInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an assessment id' }) assessmentId!: string;

  @Field(() => Int, { nullable: true, description: 'The revision this proposal replaces; a stale one is a CONFLICT.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  baseRevision?: number | null;
}
