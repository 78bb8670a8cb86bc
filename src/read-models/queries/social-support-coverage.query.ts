import type { AgreementStatus, ConfirmationMethod, EconomicImpact, RecoveryDifficulty, RequirementLevel } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { MATRIX_CELLS, type Viewer } from './query-support.js';

export interface InsuranceClause {
  title: string;
  responsiblePartyId: string;
  method: ConfirmationMethod;
  amount: number | null;
  currency: string | null;
}

export interface SocialSupportAgreement {
  agreementId: string;
  status: AgreementStatus;
  level: RequirementLevel;
  covered: boolean;
  /** The version judged: in force, else current; null before any terms. */
  termsVersion: number | null;
  insuranceClauses: InsuranceClause[];
}

export interface SocialSupportCell {
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  /** Counts over every live agreement of the cell needing SOCIAL_SUPPORT, visible or not. */
  required: number;
  recommended: number;
  covered: number;
  uncoveredCount: number;
  /** Sum of the coverage amounts of all insurance clauses of the cell, per currency (names no party). */
  coverageTotals: Array<{ currency: string; amount: number }>;
  /** Agreements counted above whose details are withheld from this viewer. */
  hiddenCount: number;
  /**
   * Details of the cell's agreements the viewer may read, by agreement id. Lazy: read on the first
   * call of any cell of the report, once for all nine (a client asking for counts reads no line);
   * a statement after the counts', so a batch of the projection in between shows in the details
   * and not in the counts (both are as of some checkpoint, like any read model).
   */
  details: () => Promise<SocialSupportAgreement[]>;
}

interface LineRow {
  agreement_id: string;
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  status: AgreementStatus;
  level: RequirementLevel;
  covered: boolean;
  terms_version: number | null;
  insurance_clauses: InsuranceClause[];
}

/**
 * The counters the agreements projection keeps (see the social-support-counters migration), at
 * most a few rows per cell: `$1` is the viewer's organization, whose readable lines are counted.
 */
const COUNTERS = `
  SELECT recovery, economic, metric AS name, value::text AS value FROM agreement_category_stats WHERE metric LIKE 'social:%'
  UNION ALL
  SELECT recovery, economic, 'readable', value::text FROM social_support_count WHERE organization_id = $1
  UNION ALL
  SELECT recovery, economic, 'amount:' || currency, value::text FROM social_support_total`;

/**
 * Fourth-perspective coverage for insurers (live agreements whose category requires or
 * recommends SOCIAL_SUPPORT). Confidentiality: every viewer gets the per-category counts and
 * coverage totals, which name no party (the category-level aggregate DOMAIN.md makes public);
 * agreement ids, statuses and clauses (which name the insurer) only for agreements the viewer is
 * a party to, or all of them for auditors and consortium admins.
 */
export class SocialSupportCoverageQuery {
  constructor(private readonly database: SqlDatabase) {}

  async report(viewer: Viewer): Promise<SocialSupportCell[]> {
    const { rows } = await this.database.query<{ recovery: string; economic: string; name: string; value: string }>(COUNTERS, [viewer.organizationId]);
    const values = new Map(rows.map((row) => [`${row.recovery}|${row.economic}|${row.name}`, row.value]));
    let details: Promise<Map<string, SocialSupportAgreement[]>> | undefined;
    const detailsByCell = () => (details ??= this.visibleLines(viewer));
    return MATRIX_CELLS.map(({ recovery, economic }) => {
      const cell = `${recovery}|${economic}`;
      const count = (name: string) => Number(values.get(`${cell}|${name}`) ?? 0);
      const lines = count('social:lines');
      const readable = viewer.seesEverything ? lines : count('readable');
      // Numeric sums: parsed once (a double), in currency order.
      const coverageTotals = rows
        .filter((row) => row.recovery === recovery && row.economic === economic && row.name.startsWith('amount:'))
        .map((row) => ({ currency: row.name.slice('amount:'.length), amount: Number(row.value) }))
        .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
      return {
        recovery,
        economic,
        required: count('social:REQUIRED'),
        recommended: count('social:RECOMMENDED'),
        covered: count('social:covered'),
        uncoveredCount: lines - count('social:covered'),
        coverageTotals,
        hiddenCount: lines - readable,
        details: async () => (readable > 0 ? ((await detailsByCell()).get(cell) ?? []) : []),
      };
    });
  }

  /** The lines the viewer may read, per cell (`recovery|economic`), each cell's by agreement id. */
  private async visibleLines(viewer: Viewer): Promise<Map<string, SocialSupportAgreement[]>> {
    const { rows } = await this.database.query<LineRow>(
      `SELECT agreement_id, recovery, economic, status, level, covered, terms_version, insurance_clauses
         FROM social_support_line WHERE $1 OR involved @> ARRAY[$2]::text[]
        ORDER BY recovery, economic, agreement_id`,
      [viewer.seesEverything, viewer.organizationId],
    );
    const byCell = new Map<string, SocialSupportAgreement[]>();
    for (const row of rows) {
      const key = `${row.recovery}|${row.economic}`;
      let cell = byCell.get(key);
      if (!cell) byCell.set(key, (cell = []));
      cell.push({
        agreementId: row.agreement_id,
        status: row.status,
        level: row.level,
        covered: row.covered,
        termsVersion: row.terms_version,
        insuranceClauses: row.insurance_clauses,
      });
    }
    return byCell;
  }
}
