import { PERSPECTIVES, type EconomicImpact, type Perspective, type RecoveryDifficulty } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { findClauseTemplate } from '@app/reference-data';

export interface CategoryComparison {
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  /** Agreements in force whose concluded terms were concluded under this category. */
  agreements: number;
  /** Per perspective: how many of those agreements have a clause of it, and how many clauses. */
  perspectives: Array<{ perspective: Perspective; agreements: number; clauses: number }>;
  /** Clause references that are baseline clause-template ids, most used first. */
  templates: Array<{ templateId: string; title: string; agreements: number; clauses: number }>;
  /** Clause titles (case and spacing folded), most used first. */
  titles: Array<{ title: string; agreements: number; clauses: number }>;
}

/** Most used first, then by key. */
function byUse(a: { agreements: number; clauses: number; key: string }, b: { agreements: number; clauses: number; key: string }): number {
  return b.agreements - a.agreements || b.clauses - a.clauses || a.key.localeCompare(b.key);
}

/**
 * Comparison across use cases (IoT-SSF section 4), public: counts per category, no party named.
 * Reads the obligation table, which holds exactly the clauses of terms in force.
 */
export class ComparisonQuery {
  constructor(private readonly database: SqlDatabase) {}

  async forCategory(category: { recovery: RecoveryDifficulty; economic: EconomicImpact }): Promise<CategoryComparison> {
    const params = [category.recovery, category.economic];
    const [agreements, perspectives, references, titles] = await Promise.all([
      this.database.query<{ n: number }>(
        `SELECT count(DISTINCT agreement_id)::int AS n FROM obligation WHERE recovery = $1 AND economic = $2`,
        params,
      ),
      this.database.query<{ perspective: Perspective; agreements: number; clauses: number }>(
        `SELECT perspective, count(DISTINCT agreement_id)::int AS agreements, count(*)::int AS clauses
           FROM obligation WHERE recovery = $1 AND economic = $2 GROUP BY perspective`,
        params,
      ),
      this.database.query<{ reference: string; agreements: number; clauses: number }>(
        `SELECT ref AS reference, count(DISTINCT agreement_id)::int AS agreements, count(*)::int AS clauses
           FROM obligation, unnest(references_) AS ref
          WHERE recovery = $1 AND economic = $2 GROUP BY ref`,
        params,
      ),
      this.database.query<{ title: string; agreements: number; clauses: number }>(
        `SELECT lower(regexp_replace(btrim(title), '\\s+', ' ', 'g')) AS title,
                count(DISTINCT agreement_id)::int AS agreements, count(*)::int AS clauses
           FROM obligation WHERE recovery = $1 AND economic = $2 GROUP BY 1`,
        params,
      ),
    ]);
    return {
      ...category,
      agreements: agreements.rows[0].n,
      perspectives: PERSPECTIVES.map((perspective) => {
        const row = perspectives.rows.find((r) => r.perspective === perspective);
        return { perspective, agreements: row?.agreements ?? 0, clauses: row?.clauses ?? 0 };
      }),
      templates: references.rows
        .flatMap((row) => {
          const template = findClauseTemplate(row.reference);
          return template ? [{ key: row.reference, templateId: row.reference, title: template.title, agreements: row.agreements, clauses: row.clauses }] : [];
        })
        .sort(byUse)
        .map(({ key: _key, ...rest }) => rest),
      titles: titles.rows
        .map((row) => ({ key: row.title, ...row }))
        .sort(byUse)
        .map(({ key: _key, ...rest }) => rest),
    };
  }
}
