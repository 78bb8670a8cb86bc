import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  ECONOMIC_IMPACTS,
  IMPACT_AREAS,
  IMPACT_AXES,
  RECOVERY_DIFFICULTIES,
  type EconomicImpact,
  type ImpactArea,
  type ImpactAxis,
  type RecoveryDifficulty,
} from '@app/domain';
import { CommandInput, TEXT_MAX } from '../graphql/common.types.js';
import { EconomicImpactEnum, ImpactAreaEnum, ImpactAxisEnum, RecoveryDifficultyEnum } from '../graphql/enums.js';

@InputType()
export class ImpactStatementInput {
  @Field(() => ImpactAreaEnum) @IsIn(IMPACT_AREAS) area!: ImpactArea;
  @Field(() => ImpactAxisEnum) @IsIn(IMPACT_AXES) axis!: ImpactAxis;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) description!: string;
}

/** The content of a revision, shared by proposing and reopening. */
@InputType({ isAbstract: true })
export abstract class RevisionContentInput extends CommandInput {
  @Field(() => RecoveryDifficultyEnum) @IsIn(RECOVERY_DIFFICULTIES) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) @IsIn(ECONOMIC_IMPACTS) economic!: EconomicImpact;
  @Field(() => [ImpactStatementInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ImpactStatementInput)
  impacts!: ImpactStatementInput[];
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) rationale!: string;
  @Field(() => String, { nullable: true, description: 'Likelihood is not part of the category, but may inform the measures (IoT-SSF 3-2).' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  likelihoodNote?: string | null;
}
