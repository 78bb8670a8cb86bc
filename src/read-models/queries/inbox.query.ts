import type { SqlDatabase } from '@app/event-store';
import { ISO } from './query-support.js';

export type InboxKind = 'ENDORSE_ASSESSMENT' | 'ANSWER_CHALLENGE' | 'SIGN_TERMS' | 'SIGN_TERMINATION' | 'PROPOSE_TERMS';

export interface InboxItem {
  kind: InboxKind;
  assessmentId?: string;
  agreementId?: string;
  /** The assessment revision to endorse or answer. */
  revision?: number;
  /** The version of terms to sign or to build on (0: none yet); for SIGN_TERMINATION the version in force. */
  version?: number;
  /** When the awaited action became due. */
  since: string;
  /**
   * ENDORSE_ASSESSMENT: { recovery, economic, proposedBy }; ANSWER_CHALLENGE: { challenges };
   * SIGN_TERMS: { digest, proposedBy }; PROPOSE_TERMS: { reason: NO_TERMS | REJECTED |
   * POLICY_CHECK_FAILED | REVIEW_REQUIRED, ... }; SIGN_TERMINATION: { proposedBy, reason }.
   */
  detail?: Record<string, unknown>;
}

/** What awaits an organization's action, oldest first. */
export class InboxQuery {
  constructor(private readonly database: SqlDatabase) {}

  async forOrganization(organizationId: string): Promise<InboxItem[]> {
    const { rows } = await this.database.query<{
      kind: InboxKind;
      assessment_id: string | null;
      agreement_id: string | null;
      revision: number | null;
      version: number | null;
      since: string;
      detail: Record<string, unknown> | null;
    }>(
      `SELECT kind, assessment_id, NULL AS agreement_id, revision, NULL::int AS version, ${ISO('since')} AS since, detail, since AS sort_key
         FROM assessment_inbox_item WHERE organization_id = $1
       UNION ALL
       SELECT kind, NULL, agreement_id, NULL, version, ${ISO('since')}, detail, since
         FROM agreement_inbox_item WHERE organization_id = $1
       ORDER BY sort_key, kind, assessment_id, agreement_id`,
      [organizationId],
    );
    return rows.map((row) => {
      const item: InboxItem = { kind: row.kind, since: row.since };
      if (row.assessment_id !== null) item.assessmentId = row.assessment_id;
      if (row.agreement_id !== null) item.agreementId = row.agreement_id;
      if (row.revision !== null) item.revision = row.revision;
      if (row.version !== null) item.version = row.version;
      if (row.detail !== null) item.detail = row.detail;
      return item;
    });
  }
}
