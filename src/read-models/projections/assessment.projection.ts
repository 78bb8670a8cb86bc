import { ASSESSMENT_EVENT_TYPES, assessmentDecider, type AssessmentEvent, type AssessmentState, type OpenedAssessment } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../../projections/projection.js';
import {
  applyCellDeltas,
  CellDeltas,
  cellKey,
  replaceRows,
  upsertRows,
  type Marks,
  type StoredAggregate,
} from './aggregate-batch.js';
import { aggregateProjection } from './aggregate-projection.js';

const opened = (state: AssessmentState): state is OpenedAssessment => state.status !== 'NONE';

/** When the current revision and each open challenge began: the inbox's "since". */
function markAssessment(marks: Marks, event: Omit<RecordedEvent, 'metadata'>): Marks {
  const data = event.data as { challengedBy?: string };
  if (event.type === 'AssessmentRevisionProposed') return { revision: event.occurredAt };
  if (event.type === 'AssessmentRevisionChallenged') return { ...marks, [`challenge:${data.challengedBy}`]: event.occurredAt };
  return marks;
}

/** What awaits each participant: endorsing the current revision, or answering challenges of it. */
export function assessmentInboxItems(row: StoredAggregate<OpenedAssessment>): Array<Record<string, unknown>> {
  const { state, marks } = row;
  if (state.status !== 'OPEN' || state.current === null) return [];
  const since = marks.revision ?? row.updatedAt;
  const challengers = new Set(state.openChallenges.map((c) => c.challengedBy));
  const items: Array<Record<string, unknown>> = state.participantIds
    .filter((p) => !state.endorsedBy.includes(p) && !challengers.has(p))
    .map((organizationId) => ({
      organization_id: organizationId,
      kind: 'ENDORSE_ASSESSMENT',
      assessment_id: state.assessmentId,
      revision: state.revision,
      since,
      detail: { recovery: state.current!.recovery, economic: state.current!.economic, proposedBy: state.current!.proposedBy },
    }));
  // The proposer of the challenged revision answers (by a new revision); nobody answers their own challenge.
  const proposer = state.current.proposedBy;
  const challenges = state.openChallenges.filter((c) => c.challengedBy !== proposer);
  if (challenges.length > 0 && state.participantIds.includes(proposer)) {
    items.push({
      organization_id: proposer,
      kind: 'ANSWER_CHALLENGE',
      assessment_id: state.assessmentId,
      revision: state.revision,
      since: challenges.map((c) => marks[`challenge:${c.challengedBy}`] ?? row.updatedAt).sort()[0],
      detail: { challenges: challenges.map(({ challengedBy, recovery, economic, reason }) => ({ challengedBy, recovery, economic, reason })) },
    });
  }
  return items;
}

/**
 * The assessment's own contribution to the category matrix: it counts as agreed in the cell of
 * its agreed category, which stays recorded while a reopened assessment is renegotiated.
 */
function agreedCells(state: AssessmentState | undefined): string[] {
  return state && opened(state) && state.agreedCategory ? [cellKey(state.agreedCategory, 'assessments_agreed')] : [];
}

/**
 * `assessment_view`, the assessment half of the inbox, and the use-case and agreed-assessment
 * counters of the category matrix. A use case lands in every cell one of its assessments agreed
 * on: the same device in two forms of use is two use cases, in two cells.
 */
export const assessmentProjection: Projection = aggregateProjection<AssessmentState, AssessmentEvent>({
  name: 'assessments',
  eventTypes: ASSESSMENT_EVENT_TYPES,
  tables: ['assessment_view', 'use_case_cell', 'assessment_category_stats', 'assessment_inbox_item'],
  // Derived rows are replaced per assessment; a use case's agreed assessments are read per batch.
  lookupIndexes: ['assessment_inbox_item_assessment', 'assessment_view_use_case'],
  folding: { kind: 'assessment', table: 'assessment_view', ...assessmentDecider, mark: markAssessment },
  // A write recomputes the cells of its assessments' use cases from their other assessments' views.
  laneKey: ({ id, state }) => (opened(state) ? `use-case:${state.useCaseId}` : id),
  async write(tx, changed) {
    const touched = changed.filter((t): t is typeof t & { after: StoredAggregate<OpenedAssessment> } => opened(t.after.state));
    if (touched.length === 0) return;

    await upsertRows(
      tx,
      'assessment_view',
      {
        id: 'text',
        use_case_id: 'text',
        status: 'text',
        revision: 'integer',
        agreed_recovery: 'text',
        agreed_economic: 'text',
        agreed_revision: 'integer',
        participant_ids: 'text[]',
        state: 'json',
        marks: 'jsonb',
        stream_revision: 'bigint',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
      },
      ['id'],
      touched.map(({ after: { id, state, marks, streamRevision, createdAt, updatedAt } }) => ({
        id,
        use_case_id: state.useCaseId,
        status: state.status,
        revision: state.revision,
        agreed_recovery: state.agreedCategory?.recovery ?? null,
        agreed_economic: state.agreedCategory?.economic ?? null,
        agreed_revision: state.agreedRevision,
        participant_ids: state.participantIds,
        state,
        marks,
        stream_revision: streamRevision,
        created_at: createdAt,
        updated_at: updatedAt,
      })),
    );

    const ids = touched.map((t) => t.id);
    await replaceRows(
      tx,
      'assessment_inbox_item',
      'assessment_id',
      ids,
      { organization_id: 'text', kind: 'text', assessment_id: 'text', revision: 'integer', since: 'timestamptz', detail: 'jsonb' },
      touched.flatMap((t) => assessmentInboxItems(t.after)),
    );

    const deltas = new CellDeltas();
    for (const { before, after } of touched) {
      deltas.add(agreedCells(before?.state), -1);
      deltas.add(agreedCells(after.state), 1);
    }
    // Use cases: recompute the cells of every use case the batch touched from the (just written)
    // views. A rebuild that holds assessments back (CarriedFolds) still ends right: the last write
    // of any of a use case's assessments finds all the others in their final state.
    const useCaseIds = [...new Set(touched.map((t) => t.after.state.useCaseId))];
    const { rows: oldCells } = await tx.query<{ use_case_id: string; recovery: string; economic: string }>(
      `SELECT use_case_id, recovery, economic FROM use_case_cell WHERE use_case_id = ANY($1::text[])`,
      [useCaseIds],
    );
    const { rows: newCells } = await tx.query<{ use_case_id: string; recovery: string; economic: string }>(
      `SELECT DISTINCT use_case_id, agreed_recovery AS recovery, agreed_economic AS economic
         FROM assessment_view
        WHERE use_case_id = ANY($1::text[]) AND agreed_recovery IS NOT NULL`,
      [useCaseIds],
    );
    deltas.add(oldCells.map((c) => cellKey(c, 'use_cases')), -1);
    deltas.add(newCells.map((c) => cellKey(c, 'use_cases')), 1);
    await replaceRows(tx, 'use_case_cell', 'use_case_id', useCaseIds, { use_case_id: 'text', recovery: 'text', economic: 'text' }, newCells);
    await applyCellDeltas(tx, 'assessment_category_stats', deltas.deltas);
  },
});
