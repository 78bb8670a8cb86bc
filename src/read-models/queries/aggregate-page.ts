import type { SqlDatabase } from '@app/event-store';
import { Conditions, decodeCursor, encodeCursor, ISO, pageSize, type Page } from './query-support.js';

interface PagedRow<State> {
  id: string;
  state: State;
  created_at: string;
  updated_at: string;
}

export type WithMeta<State> = State & { openedAt: string; updatedAt: string };

/**
 * Relay-style keyset page over an aggregate view ordered by (created_at, id): the cursor is the
 * last row's key, so a page costs the same at any depth and rows added meanwhile are not skipped
 * twice. `conditions` carries the filters and the visibility rule; the count uses the same ones.
 */
export async function pageAggregates<State>(
  database: SqlDatabase,
  table: string,
  conditions: Conditions,
  first: number | undefined,
  after: string | undefined,
): Promise<Page<WithMeta<State>>> {
  const size = pageSize(first);
  const countSql = `SELECT count(*)::int AS total FROM ${table} ${conditions.where()}`;
  const countParams = [...conditions.params];
  if (after !== undefined) {
    const [createdAt, id] = decodeCursor(after, 2);
    conditions.add('(created_at, id) > (?::timestamptz, ?)', createdAt, id);
  }
  const [{ rows }, { rows: counted }] = await Promise.all([
    database.query<PagedRow<State>>(
      `SELECT id, state, ${ISO('created_at')} AS created_at, ${ISO('updated_at')} AS updated_at
         FROM ${table} ${conditions.where()}
        -- Qualified: the bare names would sort by the formatted text aliases above, not the index.
        ORDER BY ${table}.created_at, ${table}.id
        LIMIT ${size + 1}`,
      conditions.params,
    ),
    database.query<{ total: number }>(countSql, countParams),
  ]);
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    nodes: page.map((row) => ({ ...row.state, openedAt: row.created_at, updatedAt: row.updated_at })),
    pageInfo: { endCursor: last ? encodeCursor([last.created_at, last.id]) : null, hasNextPage: rows.length > size },
    totalCount: counted[0].total,
  };
}
