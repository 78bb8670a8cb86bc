import canonicalize from 'canonicalize';
import { type Clause, clauseKey } from './clause.js';

export interface ClauseChange {
  key: string;
  before: Clause;
  after: Clause;
  /** Top-level clause fields whose values differ (e.g. `text`, `confirmation`). */
  fields: string[];
}

export interface TermsDiff {
  added: Clause[];
  removed: Clause[];
  changed: ClauseChange[];
  unchangedCount: number;
}

const FIELDS = [
  'perspective',
  'title',
  'text',
  'responsiblePartyId',
  'confirmation',
  'references',
  'servicePeriod',
  'coverage',
  'substitutesFor',
] as const;

/**
 * Difference between two versions of terms. Clauses are matched by `clauseKey`
 * (perspective + title, case- and space-insensitive), which is unique within a
 * version; a retitled clause therefore shows as removed and added. Clause order
 * is not a change.
 */
export function diffTerms(before: readonly Clause[], after: readonly Clause[]): TermsDiff {
  const beforeByKey = new Map(before.map((c) => [clauseKey(c), c]));
  const afterKeys = new Set(after.map(clauseKey));
  const diff: TermsDiff = { added: [], removed: [], changed: [], unchangedCount: 0 };
  for (const clause of after) {
    const key = clauseKey(clause);
    const previous = beforeByKey.get(key);
    if (!previous) {
      diff.added.push(clause);
      continue;
    }
    const fields = FIELDS.filter((f) => canonicalize(previous[f] ?? null) !== canonicalize(clause[f] ?? null));
    if (fields.length === 0) diff.unchangedCount += 1;
    else diff.changed.push({ key, before: previous, after: clause, fields });
  }
  diff.removed = before.filter((c) => !afterKeys.has(clauseKey(c)));
  return diff;
}
