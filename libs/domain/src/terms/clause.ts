import type { Perspective } from '../category/perspective.js';
import type { ConfirmationMethod } from './confirmation-method.js';

/** How and by whom a clause is confirmed. */
export interface Confirmation {
  method: ConfirmationMethod;
  /** Required for third-party methods: a party holding CERTIFIER, not the responsible party. */
  confirmingPartyId?: string;
  /** Free text, e.g. "annually", "every release". */
  frequency?: string;
}

/**
 * One clause of the terms, as recorded. Optional fields are omitted when
 * absent (never `undefined` or `null`), so the canonical JSON, and therefore
 * the digest, has one form.
 */
export interface Clause {
  perspective: Perspective;
  title: string;
  /** For a waiver, its justification. */
  text: string;
  /** Exactly one party answers for the clause. */
  responsiblePartyId: string;
  confirmation: Confirmation;
  /** Catalog entry or clause template ids. */
  references: string[];
  /** E.g. the security-update support period; ISO dates, from <= until. */
  servicePeriod?: { from: string; until: string };
  /** SOCIAL_SUPPORT only: amount > 0 in an ISO 4217 currency. */
  coverage?: { amount: number; currency: string };
  /** Temporarily stands in for another perspective until the date (IoT-SSF 3-3-4). */
  substitutesFor?: { perspective: Perspective; until: string };
}

/**
 * A clause as a client sends it: optional fields may also be `null`, and
 * `references` may be missing. `normalizeClause` turns it into a `Clause`.
 */
export interface ClauseInput {
  perspective: Perspective;
  title: string;
  text: string;
  responsiblePartyId: string;
  confirmation: { method: ConfirmationMethod; confirmingPartyId?: string | null; frequency?: string | null };
  references?: string[] | null;
  servicePeriod?: { from: string; until: string } | null;
  coverage?: { amount: number; currency: string } | null;
  substitutesFor?: { perspective: Perspective; until: string } | null;
}

const trim = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);
const present = <T>(value: T | null | undefined): value is T =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** The single recorded form of a clause: trimmed text, absent optionals omitted, a fresh JSON copy. */
export function normalizeClause(input: ClauseInput): Clause {
  const confirmation: Confirmation = { method: input.confirmation?.method };
  if (present(input.confirmation?.confirmingPartyId)) confirmation.confirmingPartyId = trim(input.confirmation.confirmingPartyId) as string;
  if (present(input.confirmation?.frequency)) confirmation.frequency = trim(input.confirmation.frequency) as string;
  const clause: Clause = {
    perspective: input.perspective,
    title: trim(input.title) as string,
    text: trim(input.text) as string,
    responsiblePartyId: trim(input.responsiblePartyId) as string,
    confirmation,
    references: (input.references ?? []).map((r) => trim(r) as string),
  };
  if (present(input.servicePeriod)) clause.servicePeriod = { from: input.servicePeriod.from, until: input.servicePeriod.until };
  if (present(input.coverage)) {
    clause.coverage = { amount: input.coverage.amount, currency: trim(input.coverage.currency) as string };
  }
  if (present(input.substitutesFor)) {
    clause.substitutesFor = { perspective: input.substitutesFor.perspective, until: input.substitutesFor.until };
  }
  return clause;
}

/**
 * The stable key that identifies "the same clause" across versions:
 * perspective and title, case- and space-insensitive. Two clauses of one
 * version may not share a key.
 */
export function clauseKey(clause: Pick<Clause, 'perspective' | 'title'>): string {
  return `${clause.perspective}:${clause.title.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}
