import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { canonicalJson, hashEvent, hashEventOfCanonical, type HashedEventContent } from '@app/event-store';

/** The definition the chain's hashes were written under: SHA-256 of the RFC 8785 canonical JSON of the whole content. */
function hashByDefinition(content: HashedEventContent): string {
  return createHash('sha256').update(canonicalize(content)!, 'utf8').digest('hex');
}

const metadata = { actor: { subject: 'u', organizationId: 'acme-devices', roles: ['manufacturer'] }, correlationId: 'c', causationId: null, idempotencyKey: 'k' };

/** Content whose keys sort differently by UTF-16 code units than by code points or by locale, with numbers JSON writes in more than one way. */
const tricky: HashedEventContent = {
  eventId: '3f2c1a9e-5b7d-4c1e-9a2b-8d6e4f0a1b2c',
  stream: 'agreement-7',
  revision: 3,
  type: 'AgreementTermsProposed',
  schemaVersion: 2,
  data: { zeta: [1, 2.5, -0, 1e21, null, 'é😀'], alpha: { é: true, z: false, '😀': 'x', a10: 1, a2: 2 }, when: '2026-12-06T16:00:00.000Z' },
  metadata,
  occurredAt: '2026-12-06T16:00:00.000Z',
  previousHash: 'ab'.repeat(32),
};

const contents: HashedEventContent[] = [
  tricky,
  { ...tricky, revision: 0, previousHash: null, data: {} },
  { ...tricky, data: [], metadata: { ...metadata, causationId: 'x"y\\z\n' } },
  { ...tricky, data: { nested: { deeper: [{ b: 1, a: [true, false] }] }, 'quote"key': 'tab\tvalue', '\u007f': 0.1 + 0.2 } },
  { ...tricky, type: 'Ünïcödé 型', stream: 'use-case-😀', data: 'a bare string' },
];

describe('event hashes', () => {
  it('are the SHA-256 of the canonical JSON of the whole content, as every recorded hash was written', () => {
    for (const content of contents) expect(hashEvent(content)).toBe(hashByDefinition(content));
    // Pinned: a change of canonical form or of the library would break every recorded chain.
    expect(hashEvent(tricky)).toBe('ead0e80127584053f93f461774ef23b5298885022e671c97303d86ffe4382e32');
  });

  it('are the same from the canonical JSON an append stores as from the content it parses back to', () => {
    for (const { data, metadata: meta, ...envelope } of contents) {
      const dataJson = canonicalJson(data);
      const metadataJson = canonicalJson(meta);
      const readBack = { ...envelope, data: JSON.parse(dataJson) as unknown, metadata: JSON.parse(metadataJson) as HashedEventContent['metadata'] };
      expect(hashEventOfCanonical(envelope, dataJson, metadataJson)).toBe(hashByDefinition(readBack));
    }
  });

  it('store JSON whose parse is what JSON.stringify keeps of a value, and which stays the same through a round trip', () => {
    const values: unknown[] = [
      { kept: 1, dropped: undefined, when: new Date('2026-12-06T16:00:00.000Z'), list: [undefined, 1], nested: { z: 1, a: { y: null } } },
      [1e21, 1e-7, -0, 123456789.125, 'é'],
      'plain',
      null,
    ];
    for (const value of values) {
      const canonical = canonicalJson(value);
      expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
    }
  });

  it('refuse values JSON has no form for instead of storing something else', () => {
    expect(() => canonicalJson({ ratio: Number.NaN })).toThrow('NaN is not allowed');
    expect(() => canonicalJson({ ratio: Number.POSITIVE_INFINITY })).toThrow('Infinity is not allowed');
    expect(() => canonicalJson(undefined)).toThrow('Event content cannot be canonicalized');
  });
});
