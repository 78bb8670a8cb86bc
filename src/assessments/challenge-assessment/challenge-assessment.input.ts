import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { ECONOMIC_IMPACTS, RECOVERY_DIFFICULTIES, type EconomicImpact, type RecoveryDifficulty } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX } from '../../graphql/common.types.js';
import { EconomicImpactEnum, RecoveryDifficultyEnum } from '../../graphql/enums.js';

@InputType()
export class ChallengeAssessmentInput extends CommandInput {
  @Field(() => ID) @Matches(IDENTIFIER_PATTERN, { message: 'must be an assessment id' }) assessmentId!: string;
  @Field(() => Int) @IsInt() @Min(1) revision!: number;
  @Field(() => RecoveryDifficultyEnum) @IsIn(RECOVERY_DIFFICULTIES) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) @IsIn(ECONOMIC_IMPACTS) economic!: EconomicImpact;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) reason!: string;
}
