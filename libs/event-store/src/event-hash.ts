import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata } from './event-store.port.js';

/** The part of an event the hash covers: everything but store-assigned positions, times and the hash itself. */
export interface HashedEventContent {
  eventId: string;
  stream: string;
  revision: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  occurredAt: string;
  previousHash: string | null;
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of the content. Canonical JSON makes the hash
 * independent of key order, so it survives a round trip through jsonb.
 */
export function hashEvent(content: HashedEventContent): string {
  const { data, metadata, ...envelope } = content;
  return hashEventOfCanonical(envelope, canonicalJson(data), canonicalJson(metadata));
}

/**
 * `hashEvent` of content whose data and metadata are given as their canonical JSON (`canonicalJson`),
 * as an append stores them: neither is walked again. The members are written in RFC 8785 order
 * (keys sorted by UTF-16 code units), each value canonical, which is the canonical JSON of the
 * whole content (a test checks it against `canonicalize` of the whole).
 */
export function hashEventOfCanonical(envelope: Omit<HashedEventContent, 'data' | 'metadata'>, dataJson: string, metadataJson: string): string {
  const canonical =
    `{"data":${dataJson},"eventId":${canonicalJson(envelope.eventId)},"metadata":${metadataJson},` +
    `"occurredAt":${canonicalJson(envelope.occurredAt)},"previousHash":${canonicalJson(envelope.previousHash)},` +
    `"revision":${canonicalJson(envelope.revision)},"schemaVersion":${canonicalJson(envelope.schemaVersion)},` +
    `"stream":${canonicalJson(envelope.stream)},"type":${canonicalJson(envelope.type)}}`;
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * RFC 8785 canonical JSON of a value: valid JSON whose parse is the value as JSON keeps it (what
 * jsonb gives back), so its text can be stored as is. Throws where JSON has no form for the value
 * (NaN, Infinity, lone surrogates, undefined).
 */
export function canonicalJson(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError('Event content cannot be canonicalized');
  return canonical;
}

/** Events in stored order, as read from storage before upcasting. */
export interface StoredChainLink extends HashedEventContent {
  hash: string;
}

/**
 * Walks a stream from revision 0 and names the first link that does not verify: a gap or
 * reordering (revision out of sequence), a broken link (previousHash differs from the prior hash),
 * or altered content (hash does not recompute). The stream head recorded separately must match too,
 * so a deleted or appended last row is caught.
 */
export function verifyChain(
  links: StoredChainLink[],
  head: { revision: number; hash: string } | null,
): { intact: boolean; eventCount: number; headHash: string | null; firstBrokenRevision: number | null; reason: string | null } {
  let previousHash: string | null = null;
  for (let expectedRevision = 0; expectedRevision < links.length; expectedRevision++) {
    const link = links[expectedRevision];
    const broken = (reason: string) => ({
      intact: false,
      eventCount: links.length,
      headHash: head?.hash ?? null,
      firstBrokenRevision: Math.min(expectedRevision, link.revision),
      reason,
    });
    if (link.revision !== expectedRevision) return broken(`revision ${link.revision} found where ${expectedRevision} was expected`);
    if (link.previousHash !== previousHash) return broken(`revision ${expectedRevision} does not link to the previous event`);
    if (hashEvent(link) !== link.hash) return broken(`revision ${expectedRevision} content does not match its hash`);
    previousHash = link.hash;
  }
  const lastRevision = links.length - 1;
  if (head === null && links.length > 0) {
    return { intact: false, eventCount: links.length, headHash: null, firstBrokenRevision: 0, reason: 'stream head is missing' };
  }
  if (head !== null && (head.revision !== lastRevision || head.hash !== previousHash)) {
    return {
      intact: false,
      eventCount: links.length,
      headHash: head.hash,
      firstBrokenRevision: Math.min(head.revision, lastRevision) + 1,
      reason: `stream head (revision ${head.revision}) does not match the last stored event (revision ${lastRevision})`,
    };
  }
  return { intact: true, eventCount: links.length, headHash: previousHash, firstBrokenRevision: null, reason: null };
}
