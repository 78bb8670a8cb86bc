/** Error codes of the public contract (`extensions.code`). */
export type PublicErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BUSINESS_RULE_VIOLATION'
  | 'SERVICE_UNAVAILABLE';

/**
 * A refusal decided by the application layer (access, existence, input shape), with its public
 * code and a stable reason. Domain refusals are DomainErrors; both map to `extensions.code`.
 */
export class ApplicationError extends Error {
  constructor(
    readonly publicCode: PublicErrorCode,
    message: string,
    readonly details: Record<string, unknown> & { reason: string },
  ) {
    super(message);
    this.name = 'ApplicationError';
  }
}

export const unauthenticated = () => new ApplicationError('UNAUTHENTICATED', 'Authentication required', { reason: 'AUTH.REQUIRED' });

export const forbidden = (reason: string, message = 'Not allowed') => new ApplicationError('FORBIDDEN', message, { reason });

export const notFound = (what: string, id: string) =>
  new ApplicationError('NOT_FOUND', `No ${what} with id ${id}`, { reason: `${what.toUpperCase().replace(/ /g, '_')}.NOT_FOUND` });

export const badInput = (field: string, message: string) =>
  new ApplicationError('BAD_USER_INPUT', `${field}: ${message}`, { reason: 'INPUT.INVALID', field });
