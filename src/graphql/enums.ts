import { registerEnumType } from '@nestjs/graphql';
import {
  AGREEMENT_STATUSES,
  APPLICABILITY_DOMAINS,
  ASSESSMENT_STATUSES,
  CONFIRMATION_METHODS,
  ECONOMIC_IMPACTS,
  IMPACT_AREAS,
  IMPACT_AXES,
  MAPPING_UNITS,
  PERSPECTIVES,
  RECOVERY_DIFFICULTIES,
  REQUIREMENT_LEVELS,
  STAKEHOLDER_ROLES,
} from '@app/domain';

/** GraphQL enums are generated from the domain's value lists, so the two cannot drift apart. */
function enumOf<const T extends readonly string[]>(values: T): { [K in T[number]]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T[number]]: K };
}

export const RecoveryDifficultyEnum = enumOf(RECOVERY_DIFFICULTIES);
export const EconomicImpactEnum = enumOf(ECONOMIC_IMPACTS);
export const PerspectiveEnum = enumOf(PERSPECTIVES);
export const StakeholderRoleEnum = enumOf(STAKEHOLDER_ROLES);
export const MappingUnitEnum = enumOf(MAPPING_UNITS);
export const ApplicabilityDomainEnum = enumOf(APPLICABILITY_DOMAINS);
export const ConfirmationMethodEnum = enumOf(CONFIRMATION_METHODS);
export const ImpactAreaEnum = enumOf(IMPACT_AREAS);
export const ImpactAxisEnum = enumOf(IMPACT_AXES);
export const AssessmentStatusEnum = enumOf(ASSESSMENT_STATUSES);
export const AgreementStatusEnum = enumOf(AGREEMENT_STATUSES);
export const RequirementLevelEnum = enumOf(REQUIREMENT_LEVELS);
export const OrganizationStatusEnum = enumOf(['ACTIVE', 'DEACTIVATED'] as const);
export const UseCaseStatusEnum = enumOf(['ACTIVE', 'RETIRED'] as const);

registerEnumType(RecoveryDifficultyEnum, { name: 'RecoveryDifficulty', description: 'Axis 1 (IoT-SSF 3-2-1): difficulty of recovery.' });
registerEnumType(EconomicImpactEnum, { name: 'EconomicImpact', description: 'Axis 2 (IoT-SSF 3-2-2): economic impact in monetary value.' });
registerEnumType(PerspectiveEnum, { name: 'Perspective', description: 'The four perspectives of requirements (IoT-SSF 3-3).' });
registerEnumType(StakeholderRoleEnum, { name: 'StakeholderRole' });
registerEnumType(MappingUnitEnum, { name: 'MappingUnit' });
registerEnumType(ApplicabilityDomainEnum, { name: 'ApplicabilityDomain', description: "The NTIA catalog's five domains of applicability." });
registerEnumType(ConfirmationMethodEnum, { name: 'ConfirmationMethod' });
registerEnumType(ImpactAreaEnum, { name: 'ImpactArea' });
registerEnumType(ImpactAxisEnum, { name: 'ImpactAxis' });
registerEnumType(AssessmentStatusEnum, { name: 'AssessmentStatus' });
registerEnumType(AgreementStatusEnum, { name: 'AgreementStatus' });
registerEnumType(RequirementLevelEnum, { name: 'RequirementLevel' });
registerEnumType(OrganizationStatusEnum, { name: 'OrganizationStatus' });
registerEnumType(UseCaseStatusEnum, { name: 'UseCaseStatus' });
