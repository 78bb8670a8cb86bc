import type { AgreementStatus, OpenedAgreement } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { restoredAgreementState, type StoredAgreementState } from '../projections/agreement-stored-state.js';
import { pageAggregates, type WithMeta } from './aggregate-page.js';
import { Conditions, ISO, type Page, type Viewer } from './query-support.js';

export type AgreementLookup =
  | { visible: true; state: OpenedAgreement; openedAt: string; updatedAt: string }
  | { visible: false }
  | null;

/**
 * Agreements are visible to their current parties and to viewers who see everything. A party that
 * withdrew no longer reads what the others negotiate after it left (DOMAIN.md: details are for the
 * parties); what it saw remains in the audit trail, which auditors read.
 */
export class AgreementQueries {
  constructor(private readonly database: SqlDatabase) {}

  /** null for an unknown id; `{ visible: false }` when the viewer may not read it. */
  async byId(id: string, viewer: Viewer): Promise<AgreementLookup> {
    const { rows } = await this.database.query<{ state: StoredAgreementState; created_at: string; updated_at: string; involved: string[] }>(
      `SELECT state, involved, ${ISO('created_at')} AS created_at, ${ISO('updated_at')} AS updated_at
         FROM agreement_view WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    if (!viewer.seesEverything && !row.involved.includes(viewer.organizationId)) return { visible: false };
    return { visible: true, state: restoredAgreementState(row.state), openedAt: row.created_at, updatedAt: row.updated_at };
  }

  /** Agreements the viewer may read, oldest first. */
  async page(
    args: { first?: number; after?: string; status?: AgreementStatus; useCaseId?: string },
    viewer: Viewer,
  ): Promise<Page<WithMeta<OpenedAgreement>>> {
    const conditions = new Conditions();
    if (args.status !== undefined) conditions.add('status = ?', args.status);
    if (args.useCaseId !== undefined) conditions.add('use_case_id = ?', args.useCaseId);
    if (!viewer.seesEverything) conditions.add('involved @> ARRAY[?]::text[]', viewer.organizationId);
    const page = await pageAggregates<OpenedAgreement>(this.database, 'agreement_view', conditions, args.first, args.after, restoredAgreementState);
    if (args.useCaseId !== undefined) return page; // few rows per use case: the count off its index is cheap
    // Visibility and status only: the projection's counters answer without visiting the rows.
    let counting: Promise<number> | undefined;
    const countTotal = () =>
      (counting ??= this.database
        .query<{ total: number }>(
          `SELECT coalesce(sum(value), 0)::int AS total FROM agreement_count WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2)`,
          [viewer.seesEverything ? '*' : viewer.organizationId, args.status ?? null],
        )
        .then(({ rows }) => rows[0].total));
    return { ...page, countTotal };
  }
}
