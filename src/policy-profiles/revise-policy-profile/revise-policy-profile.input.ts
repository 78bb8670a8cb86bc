import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ALL_CATEGORIES } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX, TITLE_MAX } from '../../graphql/common.types.js';
import { PolicyCellInput } from '../policy-profile.inputs.js';

@InputType()
export class RevisePolicyProfileInput extends CommandInput {
  @Field(() => ID) @IsString() @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' }) policyProfileId!: string;

  @Field(() => Int, { description: 'The version this revision builds on: the current one, else CONFLICT.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  baseVersion!: number;

  @Field(() => String, { nullable: true, description: 'Omitted: keeps the name.' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(TITLE_MAX) name?: string | null;

  @Field(() => String, { nullable: true, description: 'Omitted: keeps the description.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  description?: string | null;

  @Field(() => [PolicyCellInput], { description: 'The complete cells of the new version: the nine categories, each exactly once.' })
  @ArrayMinSize(ALL_CATEGORIES.length)
  @ArrayMaxSize(ALL_CATEGORIES.length)
  @ValidateNested({ each: true })
  @Type(() => PolicyCellInput)
  cells!: PolicyCellInput[];
}
