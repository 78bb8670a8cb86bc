import { describe, expect, it } from '@jest/globals';
import { DomainError } from './domain-error.js';
import { DOMAIN_ERROR_CODE_LIST } from './error-codes.js';

describe('domain error codes', () => {
  it('are AGGREGATE.REASON with a known kind', () => {
    for (const { code, kind, description } of DOMAIN_ERROR_CODE_LIST) {
      expect(code).toMatch(/^[A-Z_]+\.[A-Z_]+$/);
      expect(['validation', 'forbidden', 'not_found', 'conflict', 'business_rule']).toContain(kind);
      expect(description.length).toBeGreaterThan(0);
    }
  });

  it('give every error the kind of its code', () => {
    const error = new DomainError('AGREEMENT.VERSION_SUPERSEDED', 'stale', { currentVersion: 3 });
    expect(error).toMatchObject({ code: 'AGREEMENT.VERSION_SUPERSEDED', kind: 'conflict', details: { currentVersion: 3 } });
    expect(error).toBeInstanceOf(Error);
  });
});
