import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, ValidateNested } from 'class-validator';
import {
  CONFIRMATION_METHODS,
  ECONOMIC_IMPACTS,
  PERSPECTIVES,
  RECOVERY_DIFFICULTIES,
  REQUIREMENT_LEVELS,
  type ConfirmingMethod,
  type EconomicImpact,
  type Perspective,
  type PerspectiveRequirements,
  type PolicyCell,
  type RecoveryDifficulty,
  type RequirementLevel,
} from '@app/domain';
import { badInput } from '../application/application-error.js';
import { ConfirmationMethodEnum, EconomicImpactEnum, PerspectiveEnum, RecoveryDifficultyEnum, RequirementLevelEnum } from '../graphql/enums.js';

const MINIMUM_METHODS = CONFIRMATION_METHODS.filter((method) => method !== 'WAIVER');

@InputType()
export class PerspectiveRequirementInput {
  @Field(() => PerspectiveEnum) @IsIn(PERSPECTIVES) perspective!: Perspective;
  @Field(() => RequirementLevelEnum) @IsIn(REQUIREMENT_LEVELS) level!: RequirementLevel;
  @Field(() => ConfirmationMethodEnum, { description: 'Any method but WAIVER.' })
  @IsIn(MINIMUM_METHODS, { message: 'must be a confirmation method other than WAIVER' })
  minimumMethod!: ConfirmingMethod;
}

@InputType()
export class PolicyCellInput {
  @Field(() => RecoveryDifficultyEnum) @IsIn(RECOVERY_DIFFICULTIES) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) @IsIn(ECONOMIC_IMPACTS) economic!: EconomicImpact;
  @Field(() => [PerspectiveRequirementInput], { description: 'Each of the four perspectives exactly once.' })
  @ArrayMinSize(PERSPECTIVES.length)
  @ArrayMaxSize(PERSPECTIVES.length)
  @ValidateNested({ each: true })
  @Type(() => PerspectiveRequirementInput)
  perspectives!: PerspectiveRequirementInput[];
}

/** The domain's cells from the input's lists; a perspective listed twice in a cell is refused here, as the map would hide it. */
export function policyCellsOf(cells: readonly PolicyCellInput[]): PolicyCell[] {
  return cells.map((cell, index) => {
    const perspectives: Partial<PerspectiveRequirements> = {};
    for (const { perspective, level, minimumMethod } of cell.perspectives) {
      if (perspectives[perspective]) throw badInput(`cells.${index}.perspectives`, `lists ${perspective} twice`);
      perspectives[perspective] = { level, minimumMethod };
    }
    return { recovery: cell.recovery, economic: cell.economic, perspectives: perspectives as PerspectiveRequirements };
  });
}
