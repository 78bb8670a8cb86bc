import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ApplicabilityDomain, MappingUnit, UseCaseState } from '@app/domain';
import { OrganizationRef, ref } from '../graphql/common.types.js';
import { ApplicabilityDomainEnum, MappingUnitEnum, UseCaseStatusEnum } from '../graphql/enums.js';

@ObjectType({ description: 'The form of use that decides the category of the same device (IoT-SSF 3-2-3).' })
export class FormOfUse {
  @Field() environment!: string;
  @Field({ description: 'The role the device, system or function plays in that environment.' }) role!: string;
  @Field() userSkills!: string;
}

@ObjectType({ description: 'A device, system or function in a form of use: the thing a category belongs to.' })
export class UseCase {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => MappingUnitEnum) unit!: MappingUnit;
  @Field(() => ApplicabilityDomainEnum) domain!: ApplicabilityDomain;
  @Field(() => FormOfUse) formOfUse!: FormOfUse;
  @Field() description!: string;
  @Field(() => UseCaseStatusEnum) status!: 'ACTIVE' | 'RETIRED';
  @Field(() => OrganizationRef) registeredBy!: OrganizationRef;
}

export function toUseCase(state: Exclude<UseCaseState, { status: 'NONE' }>): UseCase {
  return {
    id: state.useCaseId,
    name: state.name,
    unit: state.unit,
    domain: state.domain,
    formOfUse: { ...state.formOfUse },
    description: state.description,
    status: state.status,
    registeredBy: ref(state.registeredBy),
  };
}
