import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { declaration } from '../testing/agreement.fixtures.js';
import { normalizeClause } from './clause.js';
import { termsDigest } from './terms-digest.js';

describe('termsDigest', () => {
  it('is the SHA-256 of the RFC 8785 canonical JSON of the normalized clauses', () => {
    const canonical =
      '[{"confirmation":{"method":"SELF_DECLARATION"},"perspective":"BEFORE_OPERATION","references":["etsi-en-303-645"],' +
      '"responsiblePartyId":"acme-devices","text":"The device is developed following ETSI EN 303 645.","title":"Secure development"}]';
    expect(termsDigest([declaration()])).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('ignores key order, nulls of optional fields and surrounding blanks', () => {
    const clause = declaration();
    const shuffled = { references: clause.references, ...clause, title: ` ${clause.title} `, coverage: null, servicePeriod: undefined };
    expect(termsDigest([shuffled])).toBe(termsDigest([clause]));
    expect(termsDigest([normalizeClause(clause)])).toBe(termsDigest([clause]));
  });

  it('changes with any content or order change', () => {
    const a = declaration();
    const b = declaration(undefined, 'Vulnerability disclosure');
    expect(termsDigest([a, b])).not.toBe(termsDigest([b, a]));
    expect(termsDigest([{ ...a, text: `${a.text}!` }])).not.toBe(termsDigest([a]));
    expect(termsDigest([a])).toMatch(/^[0-9a-f]{64}$/);
  });
});
