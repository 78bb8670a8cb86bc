import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches } from 'class-validator';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';

@InputType()
export class OpenAgreementInput extends CommandInput {
  @Field(() => ID, { nullable: true, description: 'Chosen by the client, or generated.' })
  @IsOptional()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' })
  id?: string | null;

  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an assessment id' }) assessmentId!: string;

  @Field(() => [ID], { description: "The other parties; the caller's organization is always a party." })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(IDENTIFIER_PATTERN, { each: true, message: 'must be organization ids' })
  partyIds!: string[];

  @Field(() => ID, { nullable: true, description: "The policy profile to check against (its latest version); the consortium's default when omitted." })
  @IsOptional()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be a policy profile id' })
  policyProfileId?: string | null;
}
