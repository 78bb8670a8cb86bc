import { AGREEMENT_EVENT_TYPES, agreementDecider, type AgreementEvent, type AgreementState, type OpenedAgreement } from '@app/domain';
import type { Projection } from '../../projections/projection.js';
import { applyCounters, CELL_KEY_COLUMNS, CellDeltas, replaceRows, upsertRows, type StoredAggregate } from './aggregate-batch.js';
import { aggregateProjection } from './aggregate-projection.js';
import { restoredAgreementState, storedAgreementState } from './agreement-stored-state.js';
import {
  agreementCellMetrics,
  agreementInboxItems,
  markAgreement,
  obligationRows,
  perspectiveRows,
  socialSupportCounts,
  socialSupportLine,
  type SocialSupportLine,
} from './agreement-facts.js';

type Touched = { id: string; before: StoredAggregate<OpenedAgreement> | null; after: StoredAggregate<OpenedAgreement> };

/**
 * `agreement_view` and everything derived from agreements: perspectives per agreement,
 * obligations, the agreement half of the inbox, fourth-perspective coverage and the agreement
 * counters of the category matrix. One projection, so all of them move with one checkpoint.
 */
export const agreementProjection: Projection = aggregateProjection<AgreementState, AgreementEvent>({
  name: 'agreements',
  eventTypes: AGREEMENT_EVENT_TYPES,
  tables: [
    'agreement_view',
    'agreement_perspective',
    'obligation',
    'agreement_inbox_item',
    'social_support_line',
    'agreement_category_stats',
    'agreement_count',
    'social_support_count',
    'social_support_total',
  ],
  // The other derived tables are keyed by agreement; the inbox items are replaced through this.
  lookupIndexes: ['agreement_inbox_item_agreement'],
  folding: { kind: 'agreement', table: 'agreement_view', ...agreementDecider, mark: markAgreement, restore: restoredAgreementState },
  // Every row it writes is the agreement's own, but for counters kept by delta.
  laneKey: ({ id }) => id,
  async write(tx, changed) {
    const touched = changed.filter((t) => t.after.state.status !== 'NONE') as Touched[];
    if (touched.length === 0) return;

    await upsertRows(
      tx,
      'agreement_view',
      {
        id: 'text',
        assessment_id: 'text',
        use_case_id: 'text',
        status: 'text',
        recovery: 'text',
        economic: 'text',
        parties: 'text[]',
        involved: 'text[]',
        current_version: 'integer',
        concluded_version: 'integer',
        latest_version: 'integer',
        policy_profile_id: 'text',
        policy_profile_version: 'integer',
        state: 'json',
        marks: 'jsonb',
        stream_revision: 'bigint',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
      },
      ['id'],
      touched.map(({ after: { id, state, marks, streamRevision, createdAt, updatedAt } }) => ({
        id,
        assessment_id: state.assessmentId,
        use_case_id: state.useCaseId,
        status: state.status,
        recovery: state.category.recovery,
        economic: state.category.economic,
        parties: state.parties,
        involved: involvedIn(state),
        current_version: state.current?.version ?? null,
        concluded_version: state.concluded?.version ?? null,
        latest_version: state.latestVersion,
        policy_profile_id: state.policyProfile.id,
        policy_profile_version: state.policyProfile.version,
        state: storedAgreementState(state),
        marks,
        stream_revision: streamRevision,
        created_at: createdAt,
        updated_at: updatedAt,
      })),
    );

    const ids = touched.map((t) => t.id);
    const afters = touched.map((t) => t.after);
    const lines = touched.map(({ before, after }) => ({ before: before && socialSupportLine(before), after: socialSupportLine(after) }));
    await replaceRows(
      tx,
      'agreement_perspective',
      'agreement_id',
      ids,
      {
        agreement_id: 'text',
        perspective: 'text',
        recovery: 'text',
        economic: 'text',
        status: 'text',
        terms_version: 'integer',
        level: 'text',
        covered: 'boolean',
        covered_by: 'text',
        gap: 'boolean',
      },
      afters.flatMap(perspectiveRows),
    );
    await replaceRows(
      tx,
      'obligation',
      'agreement_id',
      ids,
      {
        agreement_id: 'text',
        clause_index: 'integer',
        organization_id: 'text',
        use_case_id: 'text',
        recovery: 'text',
        economic: 'text',
        concluded_version: 'integer',
        perspective: 'text',
        title: 'text',
        references_: 'text[]',
        clause: 'json',
      },
      afters.flatMap(obligationRows),
    );
    await replaceRows(
      tx,
      'agreement_inbox_item',
      'agreement_id',
      ids,
      { organization_id: 'text', kind: 'text', agreement_id: 'text', version: 'integer', since: 'timestamptz', detail: 'jsonb' },
      afters.flatMap(agreementInboxItems),
    );
    await replaceRows(
      tx,
      'social_support_line',
      'agreement_id',
      ids,
      {
        agreement_id: 'text',
        recovery: 'text',
        economic: 'text',
        status: 'text',
        level: 'text',
        covered: 'boolean',
        terms_version: 'integer',
        involved: 'text[]',
        insurance_clauses: 'json',
      },
      lines.map(({ after }) => after).filter((line) => line !== null),
    );

    // Counters kept by delta: the agreement's before and after, each the other's opposite.
    const cells = new CellDeltas();
    // Who may read how many agreements, per status: `agreements { totalCount }` reads these.
    const readable = new CellDeltas();
    const socialReaders = new CellDeltas();
    const socialAmounts: Array<[string, number]> = [];
    const count = (line: SocialSupportLine | null, sign: 1 | -1) => {
      if (line === null) return;
      const { metrics, readers, amounts } = socialSupportCounts(line);
      cells.add(metrics, sign);
      socialReaders.add(readers, sign);
      for (const [key, amount] of amounts) socialAmounts.push([key, sign * amount]);
    };
    touched.forEach(({ before, after }, index) => {
      cells.add(agreementCellMetrics(before), -1);
      cells.add(agreementCellMetrics(after), 1);
      if (before) readable.add(visibilityKeys(before.state), -1);
      readable.add(visibilityKeys(after.state), 1);
      count(lines[index].before, -1);
      count(lines[index].after, 1);
    });
    await applyCounters(tx, [
      { table: 'agreement_category_stats', keyColumns: CELL_KEY_COLUMNS, deltas: cells.deltas },
      { table: 'agreement_count', keyColumns: ['organization_id', 'status'], deltas: readable.deltas },
      { table: 'social_support_count', keyColumns: ['organization_id', 'recovery', 'economic'], deltas: socialReaders.deltas },
      { table: 'social_support_total', keyColumns: ['recovery', 'economic', 'currency'], valueType: 'numeric', deltas: socialAmounts },
    ]);
  },
});

/** The organizations that may read an agreement (the `involved` column): its parties. */
function involvedIn(state: OpenedAgreement): string[] {
  return state.parties;
}

/** The counters an agreement counts in: every viewer's total ('*') and each involved organization's, under its status (identifiers never contain '*' or '|'). */
function visibilityKeys(state: OpenedAgreement): string[] {
  return ['*', ...involvedIn(state)].map((organization) => `${organization}|${state.status}`);
}
