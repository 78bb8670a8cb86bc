import type { AssessmentStatus, OpenedAssessment } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { pageAggregates, type WithMeta } from './aggregate-page.js';
import { Conditions, ISO, type Page, type Viewer } from './query-support.js';

export type AssessmentLookup =
  | { visible: true; state: OpenedAssessment; openedAt: string; updatedAt: string }
  | { visible: false }
  | null;

/**
 * An assessment is visible to its participants and to the parties of any agreement opened on it
 * (DOMAIN.md: an agreement's parties see its assessment), and to viewers who see everything.
 */
const VISIBLE_TO = `(participant_ids @> ARRAY[?]::text[]
  OR EXISTS (SELECT 1 FROM agreement_view g WHERE g.assessment_id = assessment_view.id AND g.involved @> ARRAY[?]::text[]))`;

export class AssessmentQueries {
  constructor(private readonly database: SqlDatabase) {}

  /** null for an unknown id; `{ visible: false }` when the viewer may not read it (answer FORBIDDEN or NOT_FOUND). */
  async byId(id: string, viewer: Viewer): Promise<AssessmentLookup> {
    const { rows } = await this.database.query<{ state: OpenedAssessment; created_at: string; updated_at: string; visible: boolean }>(
      `SELECT state, ${ISO('created_at')} AS created_at, ${ISO('updated_at')} AS updated_at,
              ${VISIBLE_TO.replace('?', '$2').replace('?', '$2')} AS visible
         FROM assessment_view WHERE id = $1`,
      [id, viewer.organizationId],
    );
    const row = rows[0];
    if (!row) return null;
    if (!viewer.seesEverything && !row.visible) return { visible: false };
    return { visible: true, state: row.state, openedAt: row.created_at, updatedAt: row.updated_at };
  }

  /** Assessments the viewer may read, oldest first. */
  async page(
    args: { first?: number; after?: string; status?: AssessmentStatus; useCaseId?: string },
    viewer: Viewer,
  ): Promise<Page<WithMeta<OpenedAssessment>>> {
    const conditions = new Conditions();
    if (args.status !== undefined) conditions.add('status = ?', args.status);
    if (args.useCaseId !== undefined) conditions.add('use_case_id = ?', args.useCaseId);
    if (!viewer.seesEverything) conditions.add(VISIBLE_TO, viewer.organizationId, viewer.organizationId);
    return pageAggregates<OpenedAssessment>(this.database, 'assessment_view', conditions, args.first, args.after);
  }
}
