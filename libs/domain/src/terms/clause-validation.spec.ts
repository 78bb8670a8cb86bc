import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.js';
import { fullTerms } from '../testing/agreement.fixtures.js';
import { ACME, HARBOR, METRO, PARTY_ROLES, TRUST } from '../testing/fixtures.js';
import type { ClauseInput } from './clause.js';
import { validTerms } from './clause-validation.js';

const context = { parties: [ACME, METRO, HARBOR, TRUST], partyRoles: PARTY_ROLES };
const base = (): ClauseInput => ({
  perspective: 'BEFORE_OPERATION',
  title: 'Secure development',
  text: 'Follows ETSI EN 303 645.',
  responsiblePartyId: ACME,
  confirmation: { method: 'SELF_DECLARATION' },
  references: [],
});

function issue(clause: Partial<ClauseInput>, index = 0): unknown {
  const clauses = [base(), { ...base(), title: 'Other', ...clause }];
  try {
    validTerms(index === 0 ? [{ ...base(), ...clause }] : clauses, context);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('AGREEMENT.INVALID_CLAUSE');
    const { clauseIndex, field } = (error as DomainError).details as { clauseIndex: number; field: string };
    return { clauseIndex, field };
  }
  throw new Error('expected AGREEMENT.INVALID_CLAUSE');
}

describe('validTerms', () => {
  it('accepts complete terms and normalizes them (trimmed, no null optionals)', () => {
    const [clause] = validTerms(
      [{ ...base(), title: '  Secure development ', confirmation: { method: 'SELF_DECLARATION', confirmingPartyId: null, frequency: null }, coverage: null, references: undefined }],
      context,
    );
    expect(clause).toEqual({ ...base(), confirmation: { method: 'SELF_DECLARATION' } });
    expect(validTerms(fullTerms(), context)).toHaveLength(4);
  });

  it('refuses empty terms', () => {
    expect(() => validTerms([], context)).toThrow(expect.objectContaining({ code: 'AGREEMENT.INVALID' }));
  });

  it.each<[string, Partial<ClauseInput>, string]>([
    ['a responsible non-party', { responsiblePartyId: 'rogue-devices' }, 'responsiblePartyId'],
    ['a blank title', { title: ' ' }, 'title'],
    ['a waiver without justification', { text: '', confirmation: { method: 'WAIVER' } }, 'text'],
    ['an unknown perspective', { perspective: 'AFTER_OPERATION' as never }, 'perspective'],
    ['an unknown method', { confirmation: { method: 'HANDSHAKE' as never } }, 'confirmation.method'],
    ['third-party certification without confirming party', { confirmation: { method: 'THIRD_PARTY_CERTIFICATION' } }, 'confirmation.confirmingPartyId'],
    ['a confirming party without CERTIFIER', { confirmation: { method: 'THIRD_PARTY_INSPECTION', confirmingPartyId: METRO } }, 'confirmation.confirmingPartyId'],
    [
      'a certifier confirming its own clause',
      { responsiblePartyId: TRUST, confirmation: { method: 'THIRD_PARTY_CERTIFICATION', confirmingPartyId: TRUST } },
      'confirmation.confirmingPartyId',
    ],
    ['a non-party confirming', { confirmation: { method: 'SELF_DECLARATION', confirmingPartyId: 'nobody' } }, 'confirmation.confirmingPartyId'],
    ['insurance by a non-insurer', { perspective: 'SOCIAL_SUPPORT', confirmation: { method: 'INSURANCE_POLICY' } }, 'responsiblePartyId'],
    ['coverage outside social support', { coverage: { amount: 10, currency: 'EUR' } }, 'coverage'],
    ['a non-positive coverage', { perspective: 'SOCIAL_SUPPORT', responsiblePartyId: HARBOR, coverage: { amount: 0, currency: 'EUR' } }, 'coverage.amount'],
    ['a bad currency', { perspective: 'SOCIAL_SUPPORT', responsiblePartyId: HARBOR, coverage: { amount: 5, currency: 'euro' } }, 'coverage.currency'],
    ['a service period ending before it starts', { servicePeriod: { from: '2027-01-01', until: '2026-01-01' } }, 'servicePeriod.until'],
    ['a malformed service period date', { servicePeriod: { from: '01/01/2026', until: '2027-01-01' } }, 'servicePeriod.from'],
    ['a substitution for its own perspective', { substitutesFor: { perspective: 'BEFORE_OPERATION', until: '2027-01-01' } }, 'substitutesFor.perspective'],
    ['a substitution without a valid date', { substitutesFor: { perspective: 'DURING_OPERATION', until: 'soon' } }, 'substitutesFor.until'],
    ['a waiver substituting', { confirmation: { method: 'WAIVER' }, substitutesFor: { perspective: 'DURING_OPERATION', until: '2027-01-01' } }, 'substitutesFor'],
    ['blank references', { references: [''] }, 'references'],
  ])('names clause index and field for %s', (_name, clause, field) => {
    expect(issue(clause, 1)).toEqual({ clauseIndex: 1, field });
  });

  it('refuses two clauses with the same perspective and title', () => {
    expect(issue({ title: ' secure  DEVELOPMENT' }, 1)).toEqual({ clauseIndex: 1, field: 'title' });
  });

  it('accepts an insurance clause of an insurer and a certification by a certifier', () => {
    expect(() => validTerms(fullTerms(), context)).not.toThrow();
  });
});
