// Reliability support: fast-check arbitraries for every mutation input, derived from the committed schema.
import fc from 'fast-check';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function committedSchema(): GraphQLSchema {
  return buildSchema(readFileSync(join(process.cwd(), 'schema.graphql'), 'utf8'));
}

const NASTY_STRINGS = ['', ' ', '\u0000', '%', "'; DROP TABLE events; --", '../../etc/passwd', '\u202e', '😀'.repeat(40), 'a'.repeat(5_000), '__proto__', 'constructor'];

function scalar(name: string, ids: readonly string[]): fc.Arbitrary<unknown> {
  switch (name) {
    case 'String':
      return fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) });
    case 'ID':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 2, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) });
    case 'Int':
      return fc.oneof(fc.integer({ min: -2, max: 6 }), fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }));
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 1_000_000_000 }));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2026-01-01', 'not a date', '2026-13-45T99:99:99Z', ''),
      );
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Values of the input type, well-typed (they pass GraphQL coercion) so the class-validator and domain layers are reached. */
export function valueOf(type: GraphQLInputType, ids: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, ids, depth);
  if (isListType(type)) return fc.array(valueOf(type.ofType, ids, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isScalarType(type)) return scalar(type.name, ids);
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const [name, field] of Object.entries(fields)) {
      shape[name] = valueOf(field.type, ids, depth + 1);
      if (isNonNullType(field.type)) required.push(name);
    }
    return fc.record(shape, { requiredKeys: required });
  }
  return fc.constant(null);
}

/** Mostly well-typed inputs, some with one field broken or the whole input replaced by any JSON. */
export function inputOf(type: GraphQLInputType, ids: readonly string[]): fc.Arbitrary<unknown> {
  const typed = valueOf(type, ids);
  const broken = fc.tuple(typed, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([value, key, junk]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const target = keys.length > 0 ? keys[Math.abs(key.length * 7919) % keys.length] : key;
      return { ...(value as Record<string, unknown>), [target]: junk };
    }
    return junk;
  });
  return fc.oneof({ weight: 6, arbitrary: typed }, { weight: 2, arbitrary: broken }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
}
