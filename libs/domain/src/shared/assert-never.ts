/**
 * Compile-time exhaustiveness check for switches over discriminated unions.
 * Reaching it at run time means a caller bypassed the types (e.g. an unknown command type).
 */
export function assertNever(value: never): never {
  const type = (value as { type?: unknown } | null)?.type;
  throw new Error(`Unhandled variant: ${typeof type === 'string' ? type : JSON.stringify(value)}`);
}

/**
 * Default branch of `evolve`: still checks exhaustiveness at compile time, but
 * keeps the state for event types this code does not know (recorded history
 * must always fold, even after a rollback to older code).
 */
export function ignoreUnknownEvent<S>(_event: never, state: S): S {
  return state;
}
