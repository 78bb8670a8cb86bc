import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { STAKEHOLDER_ROLES, type StakeholderRole } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN, TITLE_MAX } from '../../graphql/common.types.js';
import { StakeholderRoleEnum } from '../../graphql/enums.js';

@InputType()
export class RegisterOrganizationInput extends CommandInput {
  @Field(() => ID, { description: "The organization's id: the `org_id` claim its people's tokens carry." })
  @IsString()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' })
  id!: string;

  @Field() @IsString() @MinLength(1) @MaxLength(TITLE_MAX) name!: string;

  @Field(() => [StakeholderRoleEnum]) @ArrayMinSize(1) @ArrayMaxSize(5) @IsIn(STAKEHOLDER_ROLES, { each: true }) roles!: StakeholderRole[];
}
