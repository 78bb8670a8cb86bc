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
  /** Details of the agreements the viewer may read. */
  agreements: SocialSupportAgreement[];
  /** The uncovered ones among `agreements`. */
  uncovered: SocialSupportAgreement[];
  /** Agreements counted above whose details are withheld from this viewer. */
  hiddenCount: number;
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
  visible: boolean;
}

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
    const { rows } = await this.database.query<LineRow>(
      `SELECT agreement_id, recovery, economic, status, level, covered, terms_version, insurance_clauses,
              ($1 OR involved @> ARRAY[$2]::text[]) AS visible
         FROM social_support_line ORDER BY agreement_id`,
      [viewer.seesEverything, viewer.organizationId],
    );
    return MATRIX_CELLS.map(({ recovery, economic }) => {
      const lines = rows.filter((row) => row.recovery === recovery && row.economic === economic);
      const totals = new Map<string, number>();
      for (const clause of lines.flatMap((line) => line.insurance_clauses)) {
        if (clause.currency !== null && clause.amount !== null) totals.set(clause.currency, (totals.get(clause.currency) ?? 0) + clause.amount);
      }
      const agreements = lines
        .filter((line) => line.visible)
        .map(
          (line): SocialSupportAgreement => ({
            agreementId: line.agreement_id,
            status: line.status,
            level: line.level,
            covered: line.covered,
            termsVersion: line.terms_version,
            insuranceClauses: line.insurance_clauses,
          }),
        );
      return {
        recovery,
        economic,
        required: lines.filter((line) => line.level === 'REQUIRED').length,
        recommended: lines.filter((line) => line.level === 'RECOMMENDED').length,
        covered: lines.filter((line) => line.covered).length,
        uncoveredCount: lines.filter((line) => !line.covered).length,
        coverageTotals: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
        agreements,
        uncovered: agreements.filter((agreement) => !agreement.covered),
        hiddenCount: lines.length - agreements.length,
      };
    });
  }
}
