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

/** The path of the first string holding U+0000 inside an argument (`input` is left out of names). */
function pathOfNulCharacter(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  // GraphQL input values are trees bounded by the depth limit; stop well past it regardless.
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === 'input' ? key : `${path}.${key}`;
    const found = pathOfNulCharacter(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Validates GraphQL input objects against their class-validator rules (lengths, sizes, formats)
 * and refuses with BAD_USER_INPUT naming the field, before any command is built.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameter decorators (the actor, the request context) are not client input.
    if (metadata.type === 'custom') return value;
    // PostgreSQL cannot store U+0000 in text or jsonb: refuse it here, naming the field.
    const withNul = pathOfNulCharacter(value, metadata.data ?? 'argument');
    if (withNul) throw badInput(withNul, 'must not contain the NUL character');
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
