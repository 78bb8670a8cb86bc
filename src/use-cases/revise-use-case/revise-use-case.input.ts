import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { APPLICABILITY_DOMAINS, MAPPING_UNITS, type ApplicabilityDomain, type MappingUnit } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX, TITLE_MAX } from '../../graphql/common.types.js';
import { ApplicabilityDomainEnum, MappingUnitEnum } from '../../graphql/enums.js';
import { FormOfUseInput } from '../use-case.inputs.js';

/** Omitted fields keep their value. */
@InputType()
export class ReviseUseCaseInput extends CommandInput {
  @Field(() => ID) @IsString() @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' }) useCaseId!: string;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(TITLE_MAX) name?: string | null;

  @Field(() => MappingUnitEnum, { nullable: true }) @IsOptional() @IsIn(MAPPING_UNITS) unit?: MappingUnit | null;

  @Field(() => ApplicabilityDomainEnum, { nullable: true }) @IsOptional() @IsIn(APPLICABILITY_DOMAINS) domain?: ApplicabilityDomain | null;

  @Field(() => FormOfUseInput, { nullable: true, description: 'Replaces the whole form of use.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FormOfUseInput)
  formOfUse?: FormOfUseInput | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) description?: string | null;
}
