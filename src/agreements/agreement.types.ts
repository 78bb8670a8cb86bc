import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  PERSPECTIVES,
  policyCheck,
  type AgreementStatus,
  type Clause as DomainClause,
  type ConfirmationMethod,
  type CoverageKind,
  type OpenedAgreement,
  type Perspective,
  type RequirementLevel,
  type TermsVersion,
} from '@app/domain';
import { CategoryType, OrganizationRef, ref } from '../graphql/common.types.js';
import { AgreementStatusEnum, ConfirmationMethodEnum, PerspectiveEnum, RequirementLevelEnum } from '../graphql/enums.js';

@ObjectType()
export class Confirmation {
  @Field(() => ConfirmationMethodEnum) method!: ConfirmationMethod;
  @Field(() => OrganizationRef, { nullable: true, description: 'Who confirms (a CERTIFIER party for third-party methods).' })
  confirmingParty!: OrganizationRef | null;
  @Field(() => String, { nullable: true }) frequency!: string | null;
}

@ObjectType()
export class ServicePeriod {
  @Field() from!: string;
  @Field() until!: string;
}

@ObjectType()
export class Coverage {
  @Field(() => Float) amount!: number;
  @Field() currency!: string;
}

@ObjectType()
export class Substitution {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field() until!: string;
}

@ObjectType({ description: 'One measure: which party is responsible for it, and how it is confirmed.' })
export class Clause {
  @Field(() => Int, { description: 'Position in its version of the terms.' }) index!: number;
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field() title!: string;
  @Field() text!: string;
  @Field(() => OrganizationRef) responsibleParty!: OrganizationRef;
  @Field(() => Confirmation) confirmation!: Confirmation;
  @Field(() => [String]) references!: string[];
  @Field(() => ServicePeriod, { nullable: true }) servicePeriod!: ServicePeriod | null;
  @Field(() => Coverage, { nullable: true }) coverage!: Coverage | null;
  @Field(() => Substitution, { nullable: true }) substitutesFor!: Substitution | null;
}

@ObjectType()
export class PerspectiveCheck {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field(() => RequirementLevelEnum) level!: RequirementLevel;
  @Field(() => ConfirmationMethodEnum) minimumMethod!: ConfirmationMethod;
  @Field() covered!: boolean;
  @Field(() => String, { nullable: true, description: 'CLAUSE, SUBSTITUTION or WAIVER.' }) coveredBy!: CoverageKind | null;
  @Field() gap!: boolean;
}

@ObjectType({ description: 'Whether terms meet the policy profile for the agreed category, checked at the time asked.' })
export class PolicyCheck {
  @Field() satisfied!: boolean;
  @Field(() => [PerspectiveEnum]) missing!: Perspective[];
  @Field(() => [PerspectiveCheck]) perspectives!: PerspectiveCheck[];
}

@ObjectType({ description: 'A full version of the terms, as proposed.' })
export class Terms {
  @Field(() => Int) version!: number;
  @Field(() => Int) baseVersion!: number;
  @Field(() => OrganizationRef) proposedBy!: OrganizationRef;
  @Field({ description: 'SHA-256 (hex) of the RFC 8785 canonical JSON of the clauses; sign-offs name it.' }) digest!: string;
  @Field(() => [Clause]) clauses!: Clause[];
  @Field(() => PolicyCheck) policyCheck!: PolicyCheck;
}

@ObjectType()
export class SignOff {
  @Field(() => OrganizationRef) organization!: OrganizationRef;
  @Field(() => Int) version!: number;
  @Field() digest!: string;
}

@ObjectType()
export class Rejection {
  @Field(() => OrganizationRef) organization!: OrganizationRef;
  @Field(() => Int) version!: number;
  @Field() reason!: string;
}

@ObjectType()
export class Termination {
  @Field(() => OrganizationRef) proposedBy!: OrganizationRef;
  @Field() reason!: string;
  @Field(() => [OrganizationRef]) signedBy!: OrganizationRef[];
}

@ObjectType()
export class Review {
  @Field(() => CategoryType) previousCategory!: CategoryType;
  @Field(() => CategoryType) newCategory!: CategoryType;
}

@ObjectType()
export class PolicyProfileRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@ObjectType()
export class Requirement {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field(() => RequirementLevelEnum) level!: RequirementLevel;
  @Field(() => ConfirmationMethodEnum) minimumMethod!: ConfirmationMethod;
}

@ObjectType({ description: 'One cell of the responsibility table: a perspective and the party answering for it.' })
export class Responsibility {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field(() => OrganizationRef) party!: OrganizationRef;
  @Field(() => [String]) clauseTitles!: string[];
}

@ObjectType({ description: 'The demarcation of responsibilities for a use case among its parties.' })
export class Agreement {
  @Field(() => ID) id!: string;
  @Field(() => AgreementStatusEnum) status!: AgreementStatus;
  @Field(() => ID) assessmentId!: string;
  @Field(() => ID) useCaseId!: string;
  @Field(() => CategoryType) category!: CategoryType;
  @Field(() => [OrganizationRef]) parties!: OrganizationRef[];
  @Field(() => [OrganizationRef]) withdrawnParties!: OrganizationRef[];
  @Field(() => PolicyProfileRef) policyProfile!: PolicyProfileRef;
  @Field(() => [Requirement]) requirements!: Requirement[];
  @Field(() => Int, { description: 'The highest version ever proposed.' }) latestVersion!: number;
  @Field(() => Terms, { nullable: true, description: 'The version on the table.' }) currentTerms!: Terms | null;
  @Field(() => Terms, { nullable: true, description: 'The version in force.' }) concludedTerms!: Terms | null;
  @Field(() => [SignOff], { description: 'Sign-offs of the current version (a sign-off never carries over).' }) signOffs!: SignOff[];
  @Field(() => [SignOff], { description: 'Sign-offs under which the version in force was concluded.' }) concludedSignOffs!: SignOff[];
  @Field(() => PolicyCheck, { nullable: true, description: 'The check of the current terms.' }) policyCheck!: PolicyCheck | null;
  @Field(() => [Rejection]) rejections!: Rejection[];
  @Field(() => Termination, { nullable: true }) termination!: Termination | null;
  @Field(() => Review, { nullable: true }) review!: Review | null;
  @Field(() => [Responsibility], { description: 'Perspective x party, from the terms in force, else the current terms.' })
  responsibilities!: Responsibility[];
}

export function toClause(clause: DomainClause, index: number): Clause {
  return {
    index,
    perspective: clause.perspective,
    title: clause.title,
    text: clause.text,
    responsibleParty: ref(clause.responsiblePartyId),
    confirmation: {
      method: clause.confirmation.method,
      confirmingParty: clause.confirmation.confirmingPartyId ? ref(clause.confirmation.confirmingPartyId) : null,
      frequency: clause.confirmation.frequency ?? null,
    },
    references: [...clause.references],
    servicePeriod: clause.servicePeriod ? { ...clause.servicePeriod } : null,
    coverage: clause.coverage ? { ...clause.coverage } : null,
    substitutesFor: clause.substitutesFor ? { ...clause.substitutesFor } : null,
  };
}

function toTerms(terms: TermsVersion, state: OpenedAgreement, now: string): Terms {
  return {
    version: terms.version,
    baseVersion: terms.baseVersion,
    proposedBy: ref(terms.proposedBy),
    digest: terms.digest,
    clauses: terms.clauses.map(toClause),
    policyCheck: checkOf(terms.clauses, state, now),
  };
}

function checkOf(clauses: readonly DomainClause[], state: OpenedAgreement, now: string): PolicyCheck {
  const report = policyCheck(clauses, state.requirements, now);
  return {
    satisfied: report.satisfied,
    missing: [...report.missing],
    perspectives: report.perspectives.map(({ perspective, level, minimumMethod, covered, coveredBy, gap }) => ({
      perspective,
      level,
      minimumMethod,
      covered,
      coveredBy,
      gap,
    })),
  };
}

function responsibilitiesOf(clauses: readonly DomainClause[]): Responsibility[] {
  const table: Responsibility[] = [];
  for (const perspective of PERSPECTIVES) {
    const byParty = new Map<string, string[]>();
    for (const clause of clauses.filter((candidate) => candidate.perspective === perspective)) {
      byParty.set(clause.responsiblePartyId, [...(byParty.get(clause.responsiblePartyId) ?? []), clause.title]);
    }
    for (const [party, clauseTitles] of byParty) table.push({ perspective, party: ref(party), clauseTitles });
  }
  return table;
}

/**
 * The GraphQL view of an agreement state. Policy checks are evaluated at `now` (the time asked,
 * or the `asOf` time of a historical view), because substitutions expire.
 */
export function toAgreement(state: OpenedAgreement, now: string): Agreement {
  const inForce = state.concluded ?? state.current;
  return {
    id: state.agreementId,
    status: state.status,
    assessmentId: state.assessmentId,
    useCaseId: state.useCaseId,
    category: { ...state.category },
    parties: state.parties.map(ref),
    withdrawnParties: state.withdrawnParties.map(ref),
    policyProfile: { ...state.policyProfile },
    requirements: PERSPECTIVES.map((perspective) => ({ perspective, ...state.requirements[perspective] })),
    latestVersion: state.latestVersion,
    currentTerms: state.current ? toTerms(state.current, state, now) : null,
    concludedTerms: state.concluded ? toTerms(state.concluded, state, now) : null,
    signOffs: state.signOffs.map((signOff) => ({ organization: ref(signOff.organizationId), version: signOff.version, digest: signOff.digest })),
    concludedSignOffs: (state.concluded?.signOffs ?? []).map((signOff) => ({
      organization: ref(signOff.organizationId),
      version: signOff.version,
      digest: signOff.digest,
    })),
    policyCheck: state.current ? checkOf(state.current.clauses, state, now) : null,
    rejections: state.rejections.map((rejection) => ({ organization: ref(rejection.organizationId), version: rejection.version, reason: rejection.reason })),
    termination: state.termination
      ? { proposedBy: ref(state.termination.proposedBy), reason: state.termination.reason, signedBy: state.termination.signatures.map(ref) }
      : null,
    review: state.review ? { previousCategory: { ...state.review.previousCategory }, newCategory: { ...state.review.newCategory } } : null,
    responsibilities: inForce ? responsibilitiesOf(inForce.clauses) : [],
  };
}
