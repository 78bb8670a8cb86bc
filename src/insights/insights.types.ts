import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AgreementStatus, ConfirmationMethod, EconomicImpact, Perspective, RecoveryDifficulty, RequirementLevel } from '@app/domain';
import { GraphQLJSON } from 'graphql-scalars';
import { Clause } from '../agreements/agreement.types.js';
import { CategoryType, PageInfo } from '../graphql/common.types.js';
import {
  AgreementStatusEnum,
  ConfirmationMethodEnum,
  EconomicImpactEnum,
  PerspectiveEnum,
  RecoveryDifficultyEnum,
  RequirementLevelEnum,
} from '../graphql/enums.js';

@ObjectType()
export class StatusCount {
  @Field(() => AgreementStatusEnum) status!: AgreementStatus;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Per perspective: agreements requiring it, covering it, and leaving a gap.' })
export class PerspectiveStats {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field(() => Int) required!: number;
  @Field(() => Int) covered!: number;
  @Field(() => Int) gaps!: number;
}

@ObjectType({ description: 'One of the nine categories, with counts that name no party.' })
export class CategoryCell {
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
  @Field(() => Int) useCases!: number;
  @Field(() => Int) assessmentsAgreed!: number;
  @Field(() => Int) agreementsConcluded!: number;
  @Field(() => [StatusCount]) agreementsByStatus!: StatusCount[];
  @Field(() => [PerspectiveStats]) perspectives!: PerspectiveStats[];
}

@ObjectType({ description: 'A clause an organization answers for in an agreement in force.' })
export class Obligation {
  @Field(() => ID) agreementId!: string;
  @Field(() => ID) useCaseId!: string;
  @Field(() => CategoryType) category!: CategoryType;
  @Field(() => Int) concludedVersion!: number;
  @Field(() => Clause) clause!: Clause;
}

@ObjectType({ description: 'Something that awaits the organization: endorse, answer a challenge, sign, propose.' })
export class InboxItem {
  @Field() kind!: string;
  @Field(() => ID, { nullable: true }) assessmentId!: string | null;
  @Field(() => ID, { nullable: true }) agreementId!: string | null;
  @Field(() => Int, { nullable: true }) revision!: number | null;
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field() since!: string;
  @Field(() => GraphQLJSON, { nullable: true }) detail!: unknown;
}

@ObjectType()
export class InsuranceClause {
  @Field() title!: string;
  @Field(() => ID) responsiblePartyId!: string;
  @Field(() => ConfirmationMethodEnum) method!: ConfirmationMethod;
  @Field(() => Float, { nullable: true }) amount!: number | null;
  @Field(() => String, { nullable: true }) currency!: string | null;
}

@ObjectType()
export class SocialSupportAgreement {
  @Field(() => ID) agreementId!: string;
  @Field(() => AgreementStatusEnum) status!: AgreementStatus;
  @Field(() => RequirementLevelEnum) level!: RequirementLevel;
  @Field() covered!: boolean;
  @Field(() => Int, { nullable: true }) termsVersion!: number | null;
  @Field(() => [InsuranceClause]) insuranceClauses!: InsuranceClause[];
}

@ObjectType()
export class CurrencyAmount {
  @Field() currency!: string;
  @Field(() => Float) amount!: number;
}

@ObjectType({ description: 'Fourth-perspective (social support) coverage of one category.' })
export class SocialSupportCell {
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
  @Field(() => Int) required!: number;
  @Field(() => Int) recommended!: number;
  @Field(() => Int) covered!: number;
  @Field(() => Int) uncoveredCount!: number;
  @Field(() => [CurrencyAmount]) coverageTotals!: CurrencyAmount[];
  @Field(() => Int, { description: 'Agreements counted here whose details are withheld from the caller.' }) hiddenCount!: number;
  // `agreements` and `uncovered` are resolved by SocialSupportCellResolver, read only when selected.
}

@ObjectType()
export class PerspectiveUsage {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field(() => Int) agreements!: number;
  @Field(() => Int) clauses!: number;
}

@ObjectType()
export class TemplateUsage {
  @Field() templateId!: string;
  @Field() title!: string;
  @Field(() => Int) agreements!: number;
  @Field(() => Int) clauses!: number;
}

@ObjectType()
export class TitleUsage {
  @Field() title!: string;
  @Field(() => Int) agreements!: number;
  @Field(() => Int) clauses!: number;
}

@ObjectType({ description: 'What concluded agreements of one category contain (IoT-SSF section 4).' })
export class CategoryComparison {
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
  @Field(() => Int) agreements!: number;
  @Field(() => [PerspectiveUsage]) perspectives!: PerspectiveUsage[];
  @Field(() => [TemplateUsage]) templates!: TemplateUsage[];
  @Field(() => [TitleUsage]) titles!: TitleUsage[];
}

@ObjectType()
export class AuditActor {
  @Field() subject!: string;
  @Field() organizationId!: string;
}

@ObjectType()
export class AuditEntry {
  @Field() globalPosition!: string;
  @Field() checkpoint!: string;
  @Field(() => ID) eventId!: string;
  @Field() stream!: string;
  @Field(() => String, { nullable: true }) aggregateKind!: string | null;
  @Field(() => ID, { nullable: true }) aggregateId!: string | null;
  @Field(() => Int) revision!: number;
  @Field() type!: string;
  @Field(() => AuditActor) actor!: AuditActor;
  @Field() occurredAt!: string;
  @Field() recordedAt!: string;
  @Field(() => String, { nullable: true }) previousHash!: string | null;
  @Field() hash!: string;
}

@ObjectType()
export class AuditEntryEdge {
  @Field() cursor!: string;
  @Field(() => AuditEntry) node!: AuditEntry;
}

@ObjectType({ description: 'The whole log in commit order (auditors and consortium admins).' })
export class AuditLogConnection {
  @Field(() => [AuditEntryEdge]) edges!: AuditEntryEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
