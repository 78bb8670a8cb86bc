// Reliability support: the answers the API contract allows.

/** Every code the API contract allows in `extensions.code`, plus GraphQL's own request errors. */
export const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'BUSINESS_RULE_VIOLATION',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
]);

/** `code:reason` refusals that concurrent parties of one agreement legitimately get. */
export const LEGITIMATE_CONCURRENCY_REFUSALS = new Set([
  // Proposed, signed or rejected a version another party superseded first (commands name their version, so they are recomputed).
  'CONFLICT:AGREEMENT.VERSION_SUPERSEDED',
  // The stream moved between read and append, for a command that may not be recomputed.
  'CONFLICT:STREAM.CONFLICT',
  // The same party's second sign-off of one version, when the first one committed in between.
  'BUSINESS_RULE_VIOLATION:AGREEMENT.ALREADY_SIGNED',
  // The version was concluded by a concurrent last sign-off (sign or reject a concluded version).
  'BUSINESS_RULE_VIOLATION:AGREEMENT.INVALID_STATUS',
]);
