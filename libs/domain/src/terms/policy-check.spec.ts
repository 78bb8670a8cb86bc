import { describe, expect, it } from '@jest/globals';
import { defaultRequirements } from '../policy-profile/default-policy-profile.js';
import { fullTerms } from '../testing/agreement.fixtures.js';
import { ACME, HIGH, LOW, METRO } from '../testing/fixtures.js';
import { type Clause, normalizeClause } from './clause.js';
import { policyCheck } from './policy-check.js';

const NOW = '2026-06-15T12:00:00Z';
const high = defaultRequirements(HIGH);
const clauses = (): Clause[] => fullTerms().map(normalizeClause);
const without = (perspective: Clause['perspective']) => clauses().filter((c) => c.perspective !== perspective);
const clause = (overrides: Partial<Clause>): Clause => ({
  perspective: 'DURING_OPERATION',
  title: 'x',
  text: 'x',
  responsiblePartyId: METRO,
  confirmation: { method: 'SELF_INSPECTION' },
  references: [],
  ...overrides,
});

describe('policyCheck', () => {
  it('is satisfied when every required perspective is covered by a clause meeting the minimum', () => {
    const report = policyCheck(clauses(), high, NOW);
    expect(report).toMatchObject({ satisfied: true, missing: [] });
    expect(report.perspectives.map((p) => [p.perspective, p.coveredBy, p.clauseIndexes])).toEqual([
      ['BEFORE_OPERATION', 'CLAUSE', [0]],
      ['DURING_OPERATION', 'CLAUSE', [1]],
      ['OPERATOR_COMPETENCE', 'CLAUSE', [2]],
      ['SOCIAL_SUPPORT', 'CLAUSE', [3]],
    ]);
  });

  it('names each missing perspective', () => {
    const report = policyCheck(without('SOCIAL_SUPPORT').filter((c) => c.perspective !== 'OPERATOR_COMPETENCE'), high, NOW);
    expect(report).toMatchObject({ satisfied: false, missing: ['OPERATOR_COMPETENCE', 'SOCIAL_SUPPORT'] });
    expect(report.perspectives[3]).toMatchObject({ level: 'REQUIRED', covered: false, coveredBy: null, gap: true });
  });

  it('refuses a clause below the minimum method', () => {
    const weak = clauses().map((c) => (c.perspective === 'BEFORE_OPERATION' ? { ...c, confirmation: { method: 'SELF_DECLARATION' as const } } : c));
    expect(policyCheck(weak, high, NOW).missing).toEqual(['BEFORE_OPERATION']);
    const training = clauses().map((c) => (c.perspective === 'OPERATOR_COMPETENCE' ? { ...c, confirmation: { method: 'TRAINING_RECORD' as const } } : c));
    expect(policyCheck(training, high, NOW).missing).toEqual(['OPERATOR_COMPETENCE']);
  });

  it('accepts a stronger method than the minimum', () => {
    const inspected = clauses().map((c) =>
      c.perspective === 'DURING_OPERATION' ? { ...c, confirmation: { method: 'THIRD_PARTY_INSPECTION' as const, confirmingPartyId: 'trust-labs' } } : c,
    );
    expect(policyCheck(inspected, high, NOW).satisfied).toBe(true);
  });

  it('accepts a substitution until its date (inclusive) and not after', () => {
    const substitute = clause({
      perspective: 'BEFORE_OPERATION',
      title: 'Interim manual',
      responsiblePartyId: ACME,
      confirmation: { method: 'INFORMATION_PROVISION' },
      substitutesFor: { perspective: 'OPERATOR_COMPETENCE', until: '2026-06-15' },
    });
    const terms = [...without('OPERATOR_COMPETENCE'), substitute];
    const during = policyCheck(terms, high, NOW);
    expect(during.satisfied).toBe(true);
    expect(during.perspectives[2]).toMatchObject({ coveredBy: 'SUBSTITUTION', clauseIndexes: [3] });
    expect(policyCheck(terms, high, '2026-06-16T00:00:00Z')).toMatchObject({ satisfied: false, missing: ['OPERATOR_COMPETENCE'] });
  });

  it('honours an instant as a substitution bound', () => {
    const substitute = clause({ perspective: 'BEFORE_OPERATION', title: 'Interim', substitutesFor: { perspective: 'DURING_OPERATION', until: '2026-06-15T12:00:00Z' } });
    const terms = [...without('DURING_OPERATION'), substitute];
    expect(policyCheck(terms, high, '2026-06-15T11:59:59Z').satisfied).toBe(true);
    expect(policyCheck(terms, high, '2026-06-15T12:00:00Z').satisfied).toBe(false);
  });

  it('accepts a waiver of the perspective', () => {
    const waiver = clause({ perspective: 'DURING_OPERATION', title: 'No field inspection', text: 'Sealed unit; replaced, never serviced.', confirmation: { method: 'WAIVER' } });
    const report = policyCheck([...without('DURING_OPERATION'), waiver], high, NOW);
    expect(report.satisfied).toBe(true);
    expect(report.perspectives[1]).toMatchObject({ coveredBy: 'WAIVER' });
  });

  it('does not count a waiver of another perspective', () => {
    const waiver = clause({ perspective: 'SOCIAL_SUPPORT', title: 'w', confirmation: { method: 'WAIVER' } });
    expect(policyCheck([...without('DURING_OPERATION'), waiver], high, NOW).missing).toEqual(['DURING_OPERATION']);
  });

  it('reports recommended and not-required perspectives without making them missing', () => {
    const report = policyCheck([normalizeClause(fullTerms()[0])], defaultRequirements({ recovery: 'SERIOUS', economic: 'LIMITED' }), NOW);
    expect(report.perspectives.map((p) => [p.level, p.covered, p.gap])).toEqual([
      ['REQUIRED', true, false],
      ['RECOMMENDED', false, false],
      ['RECOMMENDED', false, false],
      ['NOT_REQUIRED', false, false],
    ]);
    expect(report.satisfied).toBe(true);
    expect(policyCheck([], defaultRequirements(LOW), NOW).missing).toEqual(['BEFORE_OPERATION']);
  });
});
