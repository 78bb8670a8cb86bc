import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IDENTIFIER_PATTERN, TEXT_MAX } from '../../graphql/common.types.js';
import { RevisionContentInput } from '../assessment.inputs.js';

@InputType()
export class ReopenAssessmentInput extends RevisionContentInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an assessment id' }) assessmentId!: string;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) reason!: string;
}
