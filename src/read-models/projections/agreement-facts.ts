import {
  CLOSED_AGREEMENT_STATUSES,
  PERSPECTIVES,
  policyCheck,
  type OpenedAgreement,
  type PerspectiveCoverage,
  type RequirementLevel,
  type TermsVersion,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { cellKey, type Marks, type StoredAggregate } from './aggregate-batch.js';

type Row = Record<string, unknown>;

/** When the situations the inbox reports began. */
export function markAgreement(marks: Marks, event: Omit<RecordedEvent, 'metadata'>): Marks {
  const data = event.data as { rejectedBy?: string };
  switch (event.type) {
    case 'AgreementOpened':
      return { opened: event.occurredAt };
    case 'AgreementTermsProposed':
    case 'AgreementAmendmentWithdrawn':
      // A new current version: earlier rejections and voided sign-offs no longer matter.
      return {
        ...Object.fromEntries(Object.entries(marks).filter(([key]) => !key.startsWith('rejection:') && key !== 'signOffsVoided')),
        terms: event.occurredAt,
      };
    case 'AgreementPartyWithdrew':
      return { ...marks, signOffsVoided: event.occurredAt };
    case 'AgreementMarkedForReview':
      return { ...marks, review: event.occurredAt };
    case 'AgreementTerminationProposed':
      return { ...marks, termination: event.occurredAt };
    case 'AgreementTermsRejected':
      return { ...marks, [`rejection:${data.rejectedBy}`]: event.occurredAt };
    default:
      return marks;
  }
}

export const isLive = (state: OpenedAgreement) => !CLOSED_AGREEMENT_STATUSES.includes(state.status);
/** Terms in force: a concluded version of an agreement that is not withdrawn or terminated. */
export const inForce = (state: OpenedAgreement) => state.concluded !== null && isLive(state);

/** The terms the matrix and the coverage report judge: those in force, else the current ones. */
export function judgedTerms(state: OpenedAgreement): TermsVersion | null {
  return state.concluded ?? state.current;
}

/**
 * The policy check of the judged terms against the agreement's current requirements (after a
 * review, those of the new category). Substitutions expire by the time of the agreement's last
 * event, never by the wall clock, so a replay gives the same rows.
 */
export function perspectiveCoverage(row: StoredAggregate<OpenedAgreement>): PerspectiveCoverage[] {
  let coverage = coverageOfRow.get(row);
  if (!coverage) {
    const terms = judgedTerms(row.state);
    coverage = policyCheck(terms?.clauses ?? [], row.state.requirements, row.updatedAt).perspectives;
    coverageOfRow.set(row, coverage);
  }
  return coverage;
}

/** A row's coverage is read for several of its derived tables: checked once per row (rows are not changed once folded). */
const coverageOfRow = new WeakMap<StoredAggregate<OpenedAgreement>, PerspectiveCoverage[]>();

/** Counter keys the agreement contributes to its cell of the category matrix. */
export function agreementCellMetrics(row: StoredAggregate<OpenedAgreement> | null): string[] {
  if (row === null) return [];
  const { state } = row;
  const metrics = [cellKey(state.category, `status:${state.status}`)];
  if (!isLive(state)) return metrics;
  if (inForce(state)) metrics.push(cellKey(state.category, 'in_force'));
  for (const p of perspectiveCoverage(row)) {
    if (p.level !== 'REQUIRED') continue;
    metrics.push(cellKey(state.category, `required:${p.perspective}`));
    metrics.push(cellKey(state.category, p.covered ? `covered:${p.perspective}` : `gap:${p.perspective}`));
  }
  return metrics;
}

export function perspectiveRows(row: StoredAggregate<OpenedAgreement>): Row[] {
  const { state } = row;
  const terms = judgedTerms(state);
  const coverage = perspectiveCoverage(row);
  return PERSPECTIVES.map((perspective) => {
    const p = coverage.find((c) => c.perspective === perspective)!;
    return {
      agreement_id: state.agreementId,
      perspective,
      recovery: state.category.recovery,
      economic: state.category.economic,
      status: state.status,
      terms_version: terms?.version ?? null,
      level: p.level,
      covered: p.covered,
      covered_by: p.coveredBy,
      gap: p.gap,
    };
  });
}

/** Clauses of the concluded version of an agreement in force, by responsible organization. */
export function obligationRows(row: StoredAggregate<OpenedAgreement>): Row[] {
  const { state } = row;
  if (!inForce(state) || state.concluded === null) return [];
  const { concluded } = state;
  return concluded.clauses.map((clause, index) => ({
    agreement_id: state.agreementId,
    clause_index: index,
    organization_id: clause.responsiblePartyId,
    use_case_id: state.useCaseId,
    recovery: concluded.category.recovery,
    economic: concluded.category.economic,
    concluded_version: concluded.version,
    perspective: clause.perspective,
    title: clause.title,
    references_: clause.references,
    clause,
  }));
}

/** A live agreement whose category requires or recommends SOCIAL_SUPPORT, with its insurance clauses. */
export interface SocialSupportLine {
  agreement_id: string;
  recovery: string;
  economic: string;
  status: string;
  level: RequirementLevel;
  covered: boolean;
  terms_version: number | null;
  involved: string[];
  insurance_clauses: Array<{ title: string; responsiblePartyId: string; method: string; amount: number | null; currency: string | null }>;
}

/** The agreement's social support line (`social_support_line`), if it needs one. */
export function socialSupportLine(row: StoredAggregate<OpenedAgreement>): SocialSupportLine | null {
  const { state } = row;
  const { level } = state.requirements.SOCIAL_SUPPORT;
  if (!isLive(state) || level === 'NOT_REQUIRED') return null;
  const terms = judgedTerms(state);
  const coverage = perspectiveCoverage(row).find((p) => p.perspective === 'SOCIAL_SUPPORT')!;
  const clauses = (terms?.clauses ?? []).filter((c) => c.perspective === 'SOCIAL_SUPPORT');
  return {
    agreement_id: state.agreementId,
    recovery: state.category.recovery,
    economic: state.category.economic,
    status: state.status,
    level,
    covered: coverage.covered,
    terms_version: terms?.version ?? null,
    involved: state.parties,
    insurance_clauses: clauses.map((c) => ({
      title: c.title,
      responsiblePartyId: c.responsiblePartyId,
      method: c.confirmation.method,
      amount: c.coverage?.amount ?? null,
      currency: c.coverage?.currency ?? null,
    })),
  };
}

/**
 * What a line counts for in the coverage report's counters (see the social-support-counters
 * migration): its cell's metrics (`recovery|economic|metric`), the organizations that may read it
 * (`organization|recovery|economic`), and its clauses' amounts (`recovery|economic|currency`).
 */
export function socialSupportCounts(line: SocialSupportLine): { metrics: string[]; readers: string[]; amounts: Array<[key: string, amount: number]> } {
  const cell = `${line.recovery}|${line.economic}`;
  const metrics = [cellKey(line, `social:${line.level}`), cellKey(line, 'social:lines')];
  if (line.covered) metrics.push(cellKey(line, 'social:covered'));
  return {
    metrics,
    readers: line.involved.map((organization) => `${organization}|${cell}`),
    amounts: line.insurance_clauses
      .filter((clause) => clause.currency !== null && clause.amount !== null)
      .map((clause): [string, number] => [`${cell}|${clause.currency}`, clause.amount!]),
  };
}

function latest(...times: Array<string | undefined>): string {
  return times.filter((t): t is string => t !== undefined).sort().at(-1)!;
}

/**
 * What awaits each party: signing the current terms (when the check passes), proposing terms
 * (none yet, a review, a rejection or a failing check: the proposer or every party), or signing
 * a proposed termination.
 */
export function agreementInboxItems(row: StoredAggregate<OpenedAgreement>): Row[] {
  const { state, marks } = row;
  if (!isLive(state)) return [];
  const items: Row[] = [];
  const item = (organizationId: string, kind: string, version: number | null, since: string, detail: unknown) =>
    items.push({ organization_id: organizationId, kind, agreement_id: state.agreementId, version, since, detail });
  const { current } = state;
  const negotiating = state.status === 'NEGOTIATING' || state.status === 'AMENDING';

  if (state.status === 'REVIEW_REQUIRED') {
    for (const party of state.parties) {
      item(party, 'PROPOSE_TERMS', current?.version ?? 0, latest(marks.review, row.createdAt), { reason: 'REVIEW_REQUIRED', ...state.review });
    }
  } else if (negotiating && current === null) {
    const proposers = state.parties.includes(state.openedBy) ? [state.openedBy] : state.parties;
    for (const party of proposers) item(party, 'PROPOSE_TERMS', 0, latest(marks.opened, row.createdAt), { reason: 'NO_TERMS' });
  } else if (negotiating && current !== null) {
    const rejections = state.rejections.filter((r) => r.version === current.version);
    const signed = new Set(state.signOffs.filter((s) => s.version === current.version).map((s) => s.organizationId));
    const rejecters = new Set(rejections.map((r) => r.organizationId));
    // A rejected version waits for new terms, not for more signatures.
    if (current.policyCheck.satisfied && rejections.length === 0) {
      for (const party of state.parties) {
        if (signed.has(party) || rejecters.has(party)) continue;
        item(party, 'SIGN_TERMS', current.version, latest(marks.terms, marks.signOffsVoided, row.createdAt), {
          digest: current.digest,
          proposedBy: current.proposedBy,
        });
      }
    }
    if (rejections.length > 0 || !current.policyCheck.satisfied) {
      const proposers = state.parties.includes(current.proposedBy) ? [current.proposedBy] : state.parties;
      const since = rejections.length > 0 ? rejections.map((r) => marks[`rejection:${r.organizationId}`] ?? row.updatedAt).sort()[0] : latest(marks.terms, row.createdAt);
      const detail =
        rejections.length > 0
          ? { reason: 'REJECTED', rejections: rejections.map(({ organizationId, reason }) => ({ organizationId, reason })) }
          : { reason: 'POLICY_CHECK_FAILED', missing: current.policyCheck.missing };
      for (const party of proposers) item(party, 'PROPOSE_TERMS', current.version, since, detail);
    }
  }
  if (state.termination !== null && state.concluded !== null) {
    for (const party of state.parties) {
      if (state.termination.signatures.includes(party)) continue;
      item(party, 'SIGN_TERMINATION', state.concluded.version, latest(marks.termination, row.createdAt), {
        proposedBy: state.termination.proposedBy,
        reason: state.termination.reason,
      });
    }
  }
  return items;
}
