import {
  AGREEMENT_STATUSES,
  PERSPECTIVES,
  type AgreementStatus,
  type EconomicImpact,
  type Perspective,
  type RecoveryDifficulty,
} from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { MATRIX_CELLS } from './query-support.js';

export interface CategoryCell {
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  /** Use cases with an assessment agreed on this category (a use case agreed in two cells counts in both). */
  useCases: number;
  /** Assessments whose agreed category is this one (kept while a reopened assessment is renegotiated). */
  assessmentsAgreed: number;
  /** Agreements with terms in force: a concluded version, not withdrawn or terminated. */
  agreementsConcluded: number;
  /** Every status, zeros included, in the enum's order. */
  agreementsByStatus: Array<{ status: AgreementStatus; count: number }>;
  /** Over live agreements (not withdrawn or terminated) checked against this category. */
  perspectives: Array<{ perspective: Perspective; required: number; covered: number; gaps: number }>;
}

/**
 * The category matrix, public: counts only, no party named. Reads the two small counter tables
 * the projections keep by delta (at most a few hundred rows whatever the number of use cases).
 */
export class CategoryMatrixQuery {
  constructor(private readonly database: SqlDatabase) {}

  async cells(): Promise<CategoryCell[]> {
    const { rows } = await this.database.query<{ recovery: string; economic: string; metric: string; value: string }>(
      `SELECT recovery, economic, metric, value::text AS value FROM assessment_category_stats
       UNION ALL
       SELECT recovery, economic, metric, value::text AS value FROM agreement_category_stats`,
    );
    const values = new Map(rows.map((row) => [`${row.recovery}|${row.economic}|${row.metric}`, Number(row.value)]));
    return MATRIX_CELLS.map(({ recovery, economic }) => {
      const value = (metric: string) => values.get(`${recovery}|${economic}|${metric}`) ?? 0;
      return {
        recovery,
        economic,
        useCases: value('use_cases'),
        assessmentsAgreed: value('assessments_agreed'),
        agreementsConcluded: value('in_force'),
        agreementsByStatus: AGREEMENT_STATUSES.map((status) => ({ status, count: value(`status:${status}`) })),
        perspectives: PERSPECTIVES.map((perspective) => ({
          perspective,
          required: value(`required:${perspective}`),
          covered: value(`covered:${perspective}`),
          gaps: value(`gap:${perspective}`),
        })),
      };
    });
  }
}
