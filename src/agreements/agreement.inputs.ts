import { Field, Float, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CONFIRMATION_METHODS, PERSPECTIVES, type ConfirmationMethod, type Perspective } from '@app/domain';
import { IDENTIFIER_PATTERN, TEXT_MAX, TITLE_MAX } from '../graphql/common.types.js';
import { ConfirmationMethodEnum, PerspectiveEnum } from '../graphql/enums.js';

const ISO_DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

@InputType()
export class ConfirmationInput {
  @Field(() => ConfirmationMethodEnum) @IsIn(CONFIRMATION_METHODS) method!: ConfirmationMethod;
  @Field(() => String, { nullable: true, description: 'The confirming party (a CERTIFIER party for third-party methods).' })
  @IsOptional()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be an organization id' })
  confirmingPartyId?: string | null;
  @Field(() => String, { nullable: true, description: 'How often, e.g. "yearly".' }) @IsOptional() @IsString() @MaxLength(TITLE_MAX) frequency?: string | null;
}

@InputType()
export class PeriodInput {
  @Field() @Matches(ISO_DATE_OR_INSTANT, { message: 'must be an ISO 8601 date or time' }) from!: string;
  @Field() @Matches(ISO_DATE_OR_INSTANT, { message: 'must be an ISO 8601 date or time' }) until!: string;
}

@InputType()
export class CoverageInput {
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) @IsPositive() amount!: number;
  @Field() @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code' }) currency!: string;
}

@InputType()
export class SubstitutionInput {
  @Field(() => PerspectiveEnum) @IsIn(PERSPECTIVES) perspective!: Perspective;
  @Field() @Matches(ISO_DATE_OR_INSTANT, { message: 'must be an ISO 8601 date or time' }) until!: string;
}

@InputType({ description: 'One clause of proposed terms. A WAIVER clause carries its justification as its text.' })
export class ClauseInput {
  @Field(() => PerspectiveEnum) @IsIn(PERSPECTIVES) perspective!: Perspective;
  @Field() @IsString() @MinLength(1) @MaxLength(TITLE_MAX) title!: string;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) text!: string;
  @Field() @Matches(IDENTIFIER_PATTERN, { message: 'must be an organization id' }) responsiblePartyId!: string;
  @Field(() => ConfirmationInput) @ValidateNested() @Type(() => ConfirmationInput) confirmation!: ConfirmationInput;
  @Field(() => [String], { nullable: true, description: 'Catalog entries or clause templates.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(TITLE_MAX, { each: true })
  references?: string[] | null;
  @Field(() => PeriodInput, { nullable: true, description: 'E.g. the security-update support period.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PeriodInput)
  servicePeriod?: PeriodInput | null;
  @Field(() => CoverageInput, { nullable: true, description: 'SOCIAL_SUPPORT only.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CoverageInput)
  coverage?: CoverageInput | null;
  @Field(() => SubstitutionInput, { nullable: true, description: 'Temporarily covers another perspective until a date.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubstitutionInput)
  substitutesFor?: SubstitutionInput | null;
}
