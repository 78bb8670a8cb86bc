import { PGlite, type Transaction } from '@electric-sql/pglite';
import { join } from 'node:path';
import { lockDataDirectory } from './data-dir-lock.js';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

function executor(target: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      const result = await target.query<Row>(text, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/**
 * Embedded PostgreSQL (PGlite) behind the SqlDatabase port: the zero-setup default.
 * PGlite has one connection, so transactions serialize; that is the embedded trade-off.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly dialect = 'pglite' as const;

  private constructor(
    private readonly db: PGlite,
    private readonly releaseLock: () => void,
  ) {}

  /** `dataDir` undefined = in memory (tests). */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir === undefined) return new PgliteDatabase(await PGlite.create(), () => undefined);
    const lock = lockDataDirectory(dataDir);
    try {
      const db = await PGlite.create(join(dataDir, 'pglite'));
      return new PgliteDatabase(db, () => lock.release());
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  query<Row>(text: string, params: unknown[] = []) {
    return executor(this.db).query<Row>(text, params);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(executor(tx)));
  }

  /** PGlite has exactly one connection, so this is the database itself. */
  withConnection<T>(work: (connection: SqlExecutor) => Promise<T>): Promise<T> {
    return work(executor(this.db));
  }

  async execScript(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.releaseLock();
    }
  }
}
