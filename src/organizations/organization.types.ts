import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { OrganizationState, StakeholderRole } from '@app/domain';
import { OrganizationStatusEnum, StakeholderRoleEnum } from '../graphql/enums.js';

@ObjectType({ description: 'A stakeholder organization; its id is the `org_id` claim of its people.' })
export class Organization {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [StakeholderRoleEnum]) roles!: StakeholderRole[];
  @Field(() => OrganizationStatusEnum) status!: 'ACTIVE' | 'DEACTIVATED';
}

export function toOrganization(state: Exclude<OrganizationState, { status: 'NONE' }>): Organization {
  return { id: state.organizationId, name: state.name, roles: [...state.roles], status: state.status };
}
