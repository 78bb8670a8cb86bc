/**
 * The one error every authentication failure becomes. The message is deliberately generic so
 * nothing about the token or key set leaks to callers; `reason` is for logs only.
 */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED' as const;

  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('Authentication required', options);
    this.name = 'UnauthenticatedError';
  }
}

export function isUnauthenticatedError(error: unknown): error is UnauthenticatedError {
  return error instanceof UnauthenticatedError;
}
