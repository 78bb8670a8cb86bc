import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ALL_CATEGORIES } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX, TITLE_MAX } from '../../graphql/common.types.js';
import { PolicyCellInput } from '../policy-profile.inputs.js';

@InputType()
export class DefinePolicyProfileInput extends CommandInput {
  @Field(() => ID) @IsString() @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' }) id!: string;

  @Field() @IsString() @MinLength(1) @MaxLength(TITLE_MAX) name!: string;

  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) description!: string;

  @Field(() => [PolicyCellInput], { description: 'The nine categories, each exactly once.' })
  @ArrayMinSize(ALL_CATEGORIES.length)
  @ArrayMaxSize(ALL_CATEGORIES.length)
  @ValidateNested({ each: true })
  @Type(() => PolicyCellInput)
  cells!: PolicyCellInput[];
}
