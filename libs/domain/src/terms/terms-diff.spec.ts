import { describe, expect, it } from '@jest/globals';
import { fullTerms } from '../testing/agreement.fixtures.js';
import { normalizeClause } from './clause.js';
import { diffTerms } from './terms-diff.js';

describe('diffTerms', () => {
  const before = fullTerms().map(normalizeClause);

  it('reports nothing between equal terms, whatever the order', () => {
    expect(diffTerms(before, [...before].reverse())).toEqual({ added: [], removed: [], changed: [], unchangedCount: 4 });
  });

  it('matches clauses by perspective and title and lists changed fields', () => {
    const after = before.map((c, i) =>
      i === 1 ? { ...c, title: 'PERIODIC  inspection', text: 'Monthly now.', confirmation: { method: 'SELF_INSPECTION' as const, frequency: 'monthly' } } : c,
    );
    const diff = diffTerms(before, after.slice(0, 3));
    expect(diff.removed).toEqual([before[3]]);
    expect(diff.added).toEqual([]);
    expect(diff.changed).toEqual([
      { key: 'DURING_OPERATION:periodic inspection', before: before[1], after: after[1], fields: ['title', 'text', 'confirmation'] },
    ]);
    expect(diff.unchangedCount).toBe(2);
  });

  it('shows a clause moved to another perspective as removed and added', () => {
    const moved = { ...before[0], perspective: 'DURING_OPERATION' as const };
    const diff = diffTerms(before, [moved, ...before.slice(1)]);
    expect(diff.added).toEqual([moved]);
    expect(diff.removed).toEqual([before[0]]);
  });

  it('notices an optional field appearing', () => {
    const after = [{ ...before[0], servicePeriod: { from: '2026-01-01', until: '2031-01-01' } }, ...before.slice(1)];
    expect(diffTerms(before, after).changed[0].fields).toEqual(['servicePeriod']);
  });
});
