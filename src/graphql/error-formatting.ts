import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { isDomainError, type DomainErrorKind } from '@app/domain';
import { EventStoreUnavailableError, IdempotencyKeyReusedError } from '@app/event-store';
import { isUnauthenticatedError } from '@app/identity';
import { StreamConflictError } from '../application/command-pipeline.js';
import { ProjectionLagError } from '../projections/projection-runner.js';
import { InvalidCursorError } from '../read-models/index.js';
import { ApplicationError, type PublicErrorCode } from '../application/application-error.js';

const CODE_OF_KIND: Record<DomainErrorKind, PublicErrorCode> = {
  validation: 'BAD_USER_INPUT',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  business_rule: 'BUSINESS_RULE_VIOLATION',
};

/** Codes GraphQL itself produces that already mean "your request is wrong". */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);
const PUBLIC_CODES = new Set<string>(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'BUSINESS_RULE_VIOLATION', 'SERVICE_UNAVAILABLE']);

const logger = new Logger('GraphQL');

/** Whether an error is one the contract names (then it is the caller's business, not a fault). */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return (
    isDomainError(original) ||
    original instanceof ApplicationError ||
    original instanceof StreamConflictError ||
    original instanceof IdempotencyKeyReusedError ||
    isUnauthenticatedError(original) ||
    original instanceof ProjectionLagError ||
    original instanceof InvalidCursorError
  );
}

/** Logs the faults among a request's errors with its correlation id; the response only says "internal". */
export function logUnexpectedErrors(errors: readonly unknown[], requestId: string): void {
  for (const error of errors) {
    if (isExpectedError(error)) continue;
    const original = unwrapResolverError(error);
    const code = (original as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    if (typeof code === 'string' && (PUBLIC_CODES.has(code) || REQUEST_ERROR_CODES.has(code))) continue;
    logger.error({ err: original, requestId }, isConnectionFailure(original) ? 'storage unavailable' : 'unexpected error');
  }
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    error instanceof EventStoreUnavailableError ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' || // cannot_connect_now
    (typeof code === 'string' && code.startsWith('08')) // connection exceptions
  );
}

/**
 * Maps every error to the public contract: domain error kinds to their codes, infrastructure
 * failures to a masked message. Nothing below the application layer (stack, SQL) leaves.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (isDomainError(original)) {
    return { ...base, message: original.message, extensions: { ...original.details, code: CODE_OF_KIND[original.kind], reason: original.code } };
  }
  if (original instanceof ApplicationError) {
    return { ...base, message: original.message, extensions: { ...original.details, code: original.publicCode } };
  }
  if (original instanceof StreamConflictError) {
    return { ...base, extensions: { code: 'CONFLICT', reason: original.code, currentRevision: original.actualRevision } };
  }
  if (original instanceof IdempotencyKeyReusedError) {
    return { ...base, message: 'This commandId was already used for a different command', extensions: { code: 'CONFLICT', reason: original.code } };
  }
  if (isUnauthenticatedError(original)) {
    return { ...base, message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } };
  }
  if (original instanceof InvalidCursorError) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT', reason: original.code, field: 'after' } };
  }
  if (original instanceof ProjectionLagError) {
    return { ...base, extensions: { code: 'SERVICE_UNAVAILABLE', reason: original.code } };
  }
  if (isConnectionFailure(original)) {
    return { ...base, message: 'The service cannot reach its database; retry shortly', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'STORAGE.UNAVAILABLE' } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (PUBLIC_CODES.has(code) || REQUEST_ERROR_CODES.has(code))) {
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    if (REQUEST_ERROR_CODES.has(code) && code !== 'BAD_USER_INPUT') extensions.code = code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' ? code : 'BAD_USER_INPUT';
    return { ...base, extensions };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
