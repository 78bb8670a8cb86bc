import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { TEXT_MAX } from '../graphql/common.types.js';

@InputType()
export class FormOfUseInput {
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) environment!: string;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) role!: string;
  @Field() @IsString() @MinLength(1) @MaxLength(TEXT_MAX) userSkills!: string;
}
