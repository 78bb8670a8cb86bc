/**
 * Limits applied before execution, to queries and subscriptions alike. Sized for the real
 * operations of the API (the deepest, an agreement's terms with clause parties, is depth 6).
 */
export const GRAPHQL_LIMITS = {
  armor: {
    maxDepth: { n: 10 },
    maxAliases: { n: 15 },
    // Enforced by the GraphQL parser itself (`parseOptions`), which reports it as a 400 parse error.
    maxTokens: { enabled: false, n: 2_000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 5_000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  },
  /** JSON request bodies above this are refused before parsing. */
  bodyLimit: '1mb',
} as const;
