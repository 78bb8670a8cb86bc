import type { OrganizationState, PolicyProfileState, UseCaseState } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { pageAggregates, type WithMeta } from './aggregate-page.js';
import { Conditions, ISO, type Page } from './query-support.js';

/** A registered organization (not confidential: parties need to know whom they deal with). */
export type OrganizationView = Exclude<OrganizationState, { status: 'NONE' }> & { registeredAt: string; updatedAt: string };
export type UseCaseView = Exclude<UseCaseState, { status: 'NONE' }> & { registeredAt: string; updatedAt: string };
export type PolicyProfileView = Exclude<PolicyProfileState, { status: 'NONE' }> & { definedAt: string; updatedAt: string };

const TIMES = `${ISO('created_at')} AS created_at, ${ISO('updated_at')} AS updated_at`;

export class OrganizationQueries {
  constructor(private readonly database: SqlDatabase) {}

  async byId(id: string): Promise<OrganizationView | null> {
    const { rows } = await this.database.query<{ state: OrganizationView; created_at: string; updated_at: string }>(
      `SELECT state, ${TIMES} FROM organization_view WHERE id = $1`,
      [id],
    );
    return rows[0] ? { ...rows[0].state, registeredAt: rows[0].created_at, updatedAt: rows[0].updated_at } : null;
  }

  /** Every organization, by id. */
  async list(): Promise<OrganizationView[]> {
    const { rows } = await this.database.query<{ state: OrganizationView; created_at: string; updated_at: string }>(
      `SELECT state, ${TIMES} FROM organization_view ORDER BY id`,
    );
    return rows.map((row) => ({ ...row.state, registeredAt: row.created_at, updatedAt: row.updated_at }));
  }
}

export class UseCaseQueries {
  constructor(private readonly database: SqlDatabase) {}

  async byId(id: string): Promise<UseCaseView | null> {
    const { rows } = await this.database.query<{ state: UseCaseView; created_at: string; updated_at: string }>(
      `SELECT state, ${TIMES} FROM use_case_view WHERE id = $1`,
      [id],
    );
    return rows[0] ? { ...rows[0].state, registeredAt: rows[0].created_at, updatedAt: rows[0].updated_at } : null;
  }

  /** Use cases, oldest first (keyset pages; `openedAt` of the nodes is the registration time). */
  async page(args: { first?: number; after?: string }): Promise<Page<WithMeta<UseCaseView>>> {
    const page = await pageAggregates<UseCaseView>(this.database, 'use_case_view', new Conditions(), args.first, args.after);
    return { ...page, nodes: page.nodes.map((node) => ({ ...node, registeredAt: node.openedAt })) };
  }
}

export class PolicyProfileQueries {
  constructor(private readonly database: SqlDatabase) {}

  /** The profile with every version. */
  async byId(id: string): Promise<PolicyProfileView | null> {
    const { rows } = await this.database.query<{ state: PolicyProfileView; created_at: string; updated_at: string }>(
      `SELECT state, ${TIMES} FROM policy_profile_view WHERE id = $1`,
      [id],
    );
    return rows[0] ? { ...rows[0].state, definedAt: rows[0].created_at, updatedAt: rows[0].updated_at } : null;
  }
}
