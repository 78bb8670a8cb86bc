import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Matches } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';

@InputType()
export class OpenAssessmentInput extends CommandInput {
  @Field(() => ID, { nullable: true, description: 'Chosen by the client, or generated.' })
  @IsOptional()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' })
  id?: string | null;

  @Field(() => ID) @IsString() @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' }) useCaseId!: string;

  @Field(() => [ID], { description: "The other participating organizations; the caller's organization always takes part." })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(IDENTIFIER_PATTERN, { each: true, message: 'must be organization ids' })
  participantIds!: string[];
}
