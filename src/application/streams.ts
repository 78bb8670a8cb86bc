/**
 * Stream names: `<aggregate>-<id>`. Ids may contain dashes, so the aggregate is recognised by
 * its known prefix, never by splitting.
 */
export const STREAM_PREFIXES = {
  organization: 'organization-',
  useCase: 'use-case-',
  assessment: 'assessment-',
  agreement: 'agreement-',
  policyProfile: 'policy-profile-',
} as const;

export type AggregateKind = keyof typeof STREAM_PREFIXES;

export function streamOf(kind: AggregateKind, id: string): string {
  return `${STREAM_PREFIXES[kind]}${id}`;
}

// Longest prefixes first, so `policy-profile-` is not read as something shorter.
const KINDS_LONGEST_PREFIX_FIRST = (Object.keys(STREAM_PREFIXES) as AggregateKind[]).sort(
  (a, b) => STREAM_PREFIXES[b].length - STREAM_PREFIXES[a].length,
);

/** The aggregate kind and id of a stream name, or null for a stream this service does not own. */
export function parseStream(stream: string): { kind: AggregateKind; id: string } | null {
  for (const kind of KINDS_LONGEST_PREFIX_FIRST) {
    if (stream.startsWith(STREAM_PREFIXES[kind])) return { kind, id: stream.slice(STREAM_PREFIXES[kind].length) };
  }
  return null;
}
