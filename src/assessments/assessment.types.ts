import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AssessmentStatus, EconomicImpact, ImpactArea, ImpactAxis, OpenedAssessment, RecoveryDifficulty } from '@app/domain';
import { CategoryType, OrganizationRef, ref } from '../graphql/common.types.js';
import { AssessmentStatusEnum, EconomicImpactEnum, ImpactAreaEnum, ImpactAxisEnum, RecoveryDifficultyEnum } from '../graphql/enums.js';

@ObjectType()
export class ImpactStatement {
  @Field(() => ImpactAreaEnum) area!: ImpactArea;
  @Field(() => ImpactAxisEnum) axis!: ImpactAxis;
  @Field() description!: string;
}

@ObjectType({ description: 'A proposed rating of the use case on both axes, with its reasons.' })
export class AssessmentRevision {
  @Field(() => Int) revision!: number;
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
  @Field(() => [ImpactStatement]) impacts!: ImpactStatement[];
  @Field() rationale!: string;
  @Field(() => String, { nullable: true }) likelihoodNote!: string | null;
  @Field(() => OrganizationRef) proposedBy!: OrganizationRef;
}

@ObjectType({ description: 'A participant disputes a revision with a counter-rating.' })
export class AssessmentChallenge {
  @Field(() => Int) revision!: number;
  @Field(() => OrganizationRef) challengedBy!: OrganizationRef;
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
  @Field() reason!: string;
}

@ObjectType({ description: 'The categorization of a use case, negotiated among its participants.' })
export class Assessment {
  @Field(() => ID) id!: string;
  @Field(() => ID) useCaseId!: string;
  @Field(() => AssessmentStatusEnum) status!: AssessmentStatus;
  @Field(() => Int, { description: 'The current revision; 0 before the first proposal.' }) revision!: number;
  @Field(() => [OrganizationRef]) participants!: OrganizationRef[];
  @Field(() => OrganizationRef) openedBy!: OrganizationRef;
  @Field(() => AssessmentRevision, { nullable: true }) currentRevision!: AssessmentRevision | null;
  @Field(() => [OrganizationRef], { description: 'Participants who endorsed the current revision.' }) endorsedBy!: OrganizationRef[];
  @Field(() => [AssessmentChallenge]) openChallenges!: AssessmentChallenge[];
  @Field(() => CategoryType, { nullable: true, description: 'Fixed when every participant endorsed the same revision.' })
  agreedCategory!: CategoryType | null;
  @Field(() => Int, { nullable: true }) agreedRevision!: number | null;
}

export function toAssessment(state: OpenedAssessment): Assessment {
  return {
    id: state.assessmentId,
    useCaseId: state.useCaseId,
    status: state.status,
    revision: state.revision,
    participants: state.participantIds.map(ref),
    openedBy: ref(state.openedBy),
    currentRevision: state.current
      ? {
          revision: state.current.revision,
          recovery: state.current.recovery,
          economic: state.current.economic,
          impacts: state.current.impacts.map((impact) => ({ ...impact })),
          rationale: state.current.rationale,
          likelihoodNote: state.current.likelihoodNote,
          proposedBy: ref(state.current.proposedBy),
        }
      : null,
    endorsedBy: state.endorsedBy.map(ref),
    openChallenges: state.openChallenges.map((challenge) => ({ ...challenge, challengedBy: ref(challenge.challengedBy) })),
    agreedCategory: state.agreedCategory ? { ...state.agreedCategory } : null,
    agreedRevision: state.agreedRevision,
  };
}
