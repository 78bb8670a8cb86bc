import { isPerspective } from '../category/perspective.js';
import type { StakeholderRole } from '../organization/stakeholder-role.js';
import { DomainError } from '../shared/domain-error.js';
import { isIsoDateOrInstant, isNonEmptyString, startOf } from '../shared/validation.js';
import { type Clause, type ClauseInput, clauseKey, normalizeClause } from './clause.js';
import { isConfirmationMethod, THIRD_PARTY_METHODS } from './confirmation-method.js';

/** One problem of one clause, addressed by index and field (e.g. `confirmation.confirmingPartyId`). */
export interface ClauseIssue {
  clauseIndex: number;
  field: string;
  reason: string;
}

/** Who the parties are and which stakeholder roles they held when the agreement was opened. */
export interface PartyContext {
  parties: readonly string[];
  partyRoles: Readonly<Record<string, readonly StakeholderRole[]>>;
}

const CURRENCY = /^[A-Z]{3}$/;

function issuesOf(clause: Clause, index: number, context: PartyContext): ClauseIssue[] {
  const issues: ClauseIssue[] = [];
  const add = (field: string, reason: string) => issues.push({ clauseIndex: index, field, reason });
  const isParty = (id: string | undefined) => id !== undefined && context.parties.includes(id);
  const holds = (id: string, role: StakeholderRole) => (context.partyRoles[id] ?? []).includes(role);
  const { confirmation } = clause;

  if (!isPerspective(clause.perspective)) add('perspective', 'is not a perspective');
  if (!isNonEmptyString(clause.title)) add('title', 'is required');
  if (!isNonEmptyString(clause.text)) add('text', confirmation.method === 'WAIVER' ? 'a waiver needs its justification' : 'is required');
  if (!isParty(clause.responsiblePartyId)) add('responsiblePartyId', 'must be a party of the agreement');
  if (!isConfirmationMethod(confirmation.method)) add('confirmation.method', 'is not a confirmation method');
  if (confirmation.confirmingPartyId !== undefined && !isParty(confirmation.confirmingPartyId)) {
    add('confirmation.confirmingPartyId', 'must be a party of the agreement');
  }
  if (THIRD_PARTY_METHODS.includes(confirmation.method)) {
    const by = confirmation.confirmingPartyId;
    if (by === undefined) add('confirmation.confirmingPartyId', `${confirmation.method} names the confirming party`);
    else if (isParty(by) && !holds(by, 'CERTIFIER')) add('confirmation.confirmingPartyId', 'the confirming party must hold the CERTIFIER role');
    else if (by === clause.responsiblePartyId) add('confirmation.confirmingPartyId', 'the confirming party must not be the responsible party');
  }
  if (confirmation.method === 'INSURANCE_POLICY' && isParty(clause.responsiblePartyId) && !holds(clause.responsiblePartyId, 'INSURER')) {
    add('responsiblePartyId', 'an INSURANCE_POLICY clause is the responsibility of a party holding the INSURER role');
  }
  if (!Array.isArray(clause.references) || !clause.references.every(isNonEmptyString)) add('references', 'must be non-empty ids');
  if (clause.servicePeriod) {
    const { from, until } = clause.servicePeriod;
    if (!isIsoDateOrInstant(from)) add('servicePeriod.from', 'must be an ISO date');
    if (!isIsoDateOrInstant(until)) add('servicePeriod.until', 'must be an ISO date');
    if (isIsoDateOrInstant(from) && isIsoDateOrInstant(until) && startOf(from) > startOf(until)) {
      add('servicePeriod.until', 'must not be before servicePeriod.from');
    }
  }
  if (clause.coverage) {
    if (clause.perspective !== 'SOCIAL_SUPPORT') add('coverage', 'only SOCIAL_SUPPORT clauses carry a coverage');
    const { amount, currency } = clause.coverage;
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) add('coverage.amount', 'must be a positive number');
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) add('coverage.currency', 'must be an ISO 4217 code (3 capital letters)');
  }
  if (clause.substitutesFor) {
    const { perspective, until } = clause.substitutesFor;
    if (confirmation.method === 'WAIVER') add('substitutesFor', 'a waiver substitutes for nothing');
    if (!isPerspective(perspective)) add('substitutesFor.perspective', 'is not a perspective');
    else if (perspective === clause.perspective) add('substitutesFor.perspective', 'must differ from the clause perspective');
    if (!isIsoDateOrInstant(until)) add('substitutesFor.until', 'must be an ISO date');
  }
  return issues;
}

/** All problems of a list of clauses, including duplicate clause keys (empty when valid). */
export function clauseIssues(clauses: readonly Clause[], context: PartyContext): ClauseIssue[] {
  const issues = clauses.flatMap((clause, index) => issuesOf(clause, index, context));
  const seen = new Map<string, number>();
  clauses.forEach((clause, index) => {
    if (!isNonEmptyString(clause.title) || !isPerspective(clause.perspective)) return;
    const key = clauseKey(clause);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else issues.push({ clauseIndex: index, field: 'title', reason: `duplicates clause ${first} (same perspective and title)` });
  });
  return issues.sort((a, b) => a.clauseIndex - b.clauseIndex);
}

/**
 * Normalizes and validates proposed terms, or throws `AGREEMENT.INVALID_CLAUSE`
 * whose details name the first problem (`clauseIndex`, `field`) and list all of them.
 */
export function validTerms(inputs: readonly ClauseInput[], context: PartyContext): Clause[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new DomainError('AGREEMENT.INVALID', 'terms need at least one clause', { field: 'clauses' });
  }
  const clauses = inputs.map((input, index) => {
    if (typeof input !== 'object' || input === null || typeof input.confirmation !== 'object' || input.confirmation === null) {
      throw new DomainError('AGREEMENT.INVALID_CLAUSE', `clause ${index}: malformed`, {
        clauseIndex: index,
        field: 'confirmation',
        issues: [{ clauseIndex: index, field: 'confirmation', reason: 'is required' }],
      });
    }
    return normalizeClause(input);
  });
  const issues = clauseIssues(clauses, context);
  if (issues.length > 0) {
    const [first] = issues;
    throw new DomainError('AGREEMENT.INVALID_CLAUSE', `clause ${first.clauseIndex}, ${first.field}: ${first.reason}`, {
      clauseIndex: first.clauseIndex,
      field: first.field,
      issues,
    });
  }
  return clauses;
}
