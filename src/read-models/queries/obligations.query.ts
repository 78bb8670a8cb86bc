import type { Category, Clause } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';

export interface Obligation {
  agreementId: string;
  useCaseId: string;
  /** The category the terms in force were concluded under. */
  category: Category;
  concludedVersion: number;
  clauseIndex: number;
  clause: Clause;
}

/** Every clause an organization answers for in agreements in force. Authorization is the caller's. */
export class ObligationsQuery {
  constructor(private readonly database: SqlDatabase) {}

  async forOrganization(organizationId: string): Promise<Obligation[]> {
    const { rows } = await this.database.query<{
      agreement_id: string;
      use_case_id: string;
      recovery: Category['recovery'];
      economic: Category['economic'];
      concluded_version: number;
      clause_index: number;
      clause: Clause;
    }>(
      `SELECT agreement_id, use_case_id, recovery, economic, concluded_version, clause_index, clause
         FROM obligation WHERE organization_id = $1
        ORDER BY agreement_id, clause_index`,
      [organizationId],
    );
    return rows.map((row) => ({
      agreementId: row.agreement_id,
      useCaseId: row.use_case_id,
      category: { recovery: row.recovery, economic: row.economic },
      concludedVersion: row.concluded_version,
      clauseIndex: row.clause_index,
      clause: row.clause,
    }));
  }
}
