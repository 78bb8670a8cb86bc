import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type Clause, type ClauseInput, normalizeClause } from './clause.js';

/**
 * The digest a party signs: SHA-256 (hex) of the RFC 8785 canonical JSON of the
 * normalized clause list, in the order proposed. Any party can recompute it
 * from the clauses alone with any JCS implementation.
 */
export function termsDigest(clauses: readonly (Clause | ClauseInput)[]): string {
  const canonical = canonicalize(clauses.map(normalizeClause));
  if (canonical === undefined) throw new Error('terms are not serializable');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
