import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  PERSPECTIVES,
  type ConfirmingMethod,
  type EconomicImpact,
  type Perspective,
  type PolicyCell,
  type PolicyProfileState,
  type RecoveryDifficulty,
  type RequirementLevel,
} from '@app/domain';
import { ConfirmationMethodEnum, EconomicImpactEnum, PerspectiveEnum, RecoveryDifficultyEnum, RequirementLevelEnum } from '../graphql/enums.js';

@ObjectType({ description: 'How strongly a profile asks for one perspective in one category, and the weakest confirmation that covers it.' })
export class PerspectiveRequirementType {
  @Field(() => PerspectiveEnum) perspective!: Perspective;
  @Field(() => RequirementLevelEnum) level!: RequirementLevel;
  @Field(() => ConfirmationMethodEnum) minimumMethod!: ConfirmingMethod;
}

@ObjectType('PolicyCell', { description: 'The requirements of the four perspectives in one of the nine categories.' })
export class PolicyCellType {
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
  @Field(() => [PerspectiveRequirementType]) perspectives!: PerspectiveRequirementType[];
}

@ObjectType({ description: 'One published version of a profile.' })
export class PolicyProfileVersionSummary {
  @Field(() => Int) version!: number;
  @Field() name!: string;
  @Field() description!: string;
}

@ObjectType({ description: 'Consortium-owned requirements per category and perspective, at one version.' })
export class PolicyProfile {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version shown; agreements name the version they were opened under.' }) version!: number;
  @Field(() => Int, { description: 'The newest version of the profile.' }) latestVersion!: number;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => [PolicyCellType]) cells!: PolicyCellType[];
  @Field(() => [PolicyProfileVersionSummary], { description: 'Every published version, oldest first.' }) versions!: PolicyProfileVersionSummary[];
}

export function toPolicyCells(cells: readonly PolicyCell[]): PolicyCellType[] {
  return cells.map((cell) => ({
    recovery: cell.recovery,
    economic: cell.economic,
    perspectives: PERSPECTIVES.map((perspective) => ({ perspective, ...cell.perspectives[perspective] })),
  }));
}

/** A profile at `version`, or at its newest version when none is named. */
export function toPolicyProfile(state: Exclude<PolicyProfileState, { status: 'NONE' }>, version = state.version): PolicyProfile | null {
  const shown = state.versions.find((candidate) => candidate.version === version);
  if (!shown) return null;
  return {
    id: state.profileId,
    version: shown.version,
    latestVersion: state.version,
    name: shown.name,
    description: shown.description,
    cells: toPolicyCells(shown.cells),
    versions: state.versions.map(({ version: number, name, description }) => ({ version: number, name, description })),
  };
}
