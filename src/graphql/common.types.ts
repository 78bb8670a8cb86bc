import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ECONOMIC_IMPACTS, RECOVERY_DIFFICULTIES, type EconomicImpact, type RecoveryDifficulty } from '@app/domain';
import { EconomicImpactEnum, RecoveryDifficultyEnum } from './enums.js';

/** Identifiers chosen by clients (organization ids, command ids) look like this. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_MAX = 128;
export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;
export const LIST_MAX = 200;

@ObjectType('Category', { description: 'One of the nine cells of the two axes (IoT-SSF 3-2-3).' })
export class CategoryType {
  @Field(() => RecoveryDifficultyEnum) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) economic!: EconomicImpact;
}

@InputType()
export class CategoryInput {
  @Field(() => RecoveryDifficultyEnum) @IsIn(RECOVERY_DIFFICULTIES) recovery!: RecoveryDifficulty;
  @Field(() => EconomicImpactEnum) @IsIn(ECONOMIC_IMPACTS) economic!: EconomicImpact;
}

@ObjectType({ description: 'An organization as referred to by an assessment or agreement.' })
export class OrganizationRef {
  @Field(() => ID) id!: string;
}

export const ref = (id: string): OrganizationRef => ({ id });

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

/** Fields every mutation input accepts. */
@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field(() => ID, { nullable: true, description: 'Makes a retry idempotent: the same id answers the first outcome and records nothing new.' })
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' })
  commandId?: string | null;
}

/** Relay-style page arguments. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100) first?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(512) after?: string | null;
}
