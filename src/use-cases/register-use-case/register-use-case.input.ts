import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { APPLICABILITY_DOMAINS, MAPPING_UNITS, type ApplicabilityDomain, type MappingUnit } from '@app/domain';
import { CommandInput, IDENTIFIER_PATTERN, TEXT_MAX, TITLE_MAX } from '../../graphql/common.types.js';
import { ApplicabilityDomainEnum, MappingUnitEnum } from '../../graphql/enums.js';
import { FormOfUseInput } from '../use-case.inputs.js';

@InputType()
export class RegisterUseCaseInput extends CommandInput {
  @Field(() => ID, { nullable: true, description: 'Chosen by the client, or generated (the same commandId then gives the same id).' })
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER_PATTERN, { message: 'must be 1-128 letters, digits or ._:-' })
  id?: string | null;

  @Field() @IsString() @MinLength(1) @MaxLength(TITLE_MAX) name!: string;

  @Field(() => MappingUnitEnum) @IsIn(MAPPING_UNITS) unit!: MappingUnit;

  @Field(() => ApplicabilityDomainEnum) @IsIn(APPLICABILITY_DOMAINS) domain!: ApplicabilityDomain;

  @Field(() => FormOfUseInput) @ValidateNested() @Type(() => FormOfUseInput) formOfUse!: FormOfUseInput;

  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) description!: string;
}
