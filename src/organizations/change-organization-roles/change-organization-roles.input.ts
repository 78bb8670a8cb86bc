import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsString, Matches } from 'class-validator';
import { STAKEHOLDER_ROLES, type StakeholderRole } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN } from '../../graphql/common.types.js';
import { StakeholderRoleEnum } from '../../graphql/enums.js';

@InputType()
export class ChangeOrganizationRolesInput extends CommandInput {
  @Field(() => ID) @IsString() @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' }) organizationId!: string;

  @Field(() => [StakeholderRoleEnum], { description: 'The complete new set of roles (replaces the current one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(STAKEHOLDER_ROLES.length)
  @IsIn(STAKEHOLDER_ROLES, { each: true })
  roles!: StakeholderRole[];
}
