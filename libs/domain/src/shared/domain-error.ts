import { type DomainErrorCode, type DomainErrorKind, kindOf } from './error-codes.js';

/**
 * A refused command. The kind follows from the code (see `DOMAIN_ERROR_CODES`),
 * so a code can never be raised with two different kinds.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly kind: DomainErrorKind;
  readonly details?: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.kind = kindOf(code);
    if (details !== undefined) this.details = details;
  }
}

/** Type guard usable across module boundaries. */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
