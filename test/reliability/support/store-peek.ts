// Reliability support: read the store's tables directly (PGlite only while no server holds its directory).
import { PgliteDatabase, PostgresDatabase, type SqlDatabase } from '@app/event-store';

export type StoreLocation = { backend: 'pglite'; dataDir: string } | { backend: 'postgres'; url: string };

export async function withDatabase<T>(location: StoreLocation, work: (database: SqlDatabase) => Promise<T>): Promise<T> {
  const database = location.backend === 'pglite' ? await PgliteDatabase.open(location.dataDir) : new PostgresDatabase({ connectionString: location.url, maxConnections: 2 });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Events per commandId (the idempotency key is `<organization>/<subject>/<commandId>`): count, and whether they sit in one stream at consecutive revisions. */
export async function eventsPerCommand(database: SqlDatabase): Promise<Map<string, { count: number; streams: number; contiguous: boolean }>> {
  const { rows } = await database.query<{ key: string; count: number; streams: number; span: number }>(
    `SELECT regexp_replace(metadata->>'idempotencyKey', '^.*/', '') AS key, count(*)::int AS count, count(DISTINCT stream_id)::int AS streams,
            (max(revision) - min(revision) + 1)::int AS span
       FROM events GROUP BY 1`,
  );
  return new Map(rows.map((row) => [row.key, { count: row.count, streams: row.streams, contiguous: row.span === row.count }]));
}

export async function countRows(database: SqlDatabase, table: string): Promise<number> {
  const { rows } = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}
