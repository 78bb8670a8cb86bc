import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { badInput } from '../application/application-error.js';

function firstViolation(errors: ValidationError[], path: string[] = []): { field: string; message: string } | null {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints) {
      const message = Object.values(error.constraints)[0] ?? 'is invalid';
      return { field: here.join('.'), message: message.replace(new RegExp(`^${error.property} `), '') };
    }
    const nested = firstViolation(error.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

const SCALAR_ARGUMENT_MAX = 1_024;

/**
 * Validates GraphQL input objects against their class-validator rules (lengths, sizes, formats)
 * and refuses with BAD_USER_INPUT naming the field, before any command is built.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Scalar arguments (ids, cursors, tokens) have no class to carry rules: one bound for all.
    if (typeof value === 'string' && value.length > SCALAR_ARGUMENT_MAX) {
      throw badInput(metadata.data ?? 'argument', `must be at most ${SCALAR_ARGUMENT_MAX} characters`);
    }
    const type = metadata.metatype;
    if (!type || value === null || typeof value !== 'object' || [String, Number, Boolean, Array, Object].includes(type as never)) {
      return value;
    }
    const instance = plainToInstance(type as new () => object, value);
    const errors = await validate(instance, { forbidUnknownValues: false, validationError: { target: false, value: false } });
    const violation = firstViolation(errors);
    if (violation) throw badInput(violation.field, violation.message);
    return value;
  }
}
