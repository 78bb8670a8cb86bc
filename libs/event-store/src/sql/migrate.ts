import { runner } from 'node-pg-migrate';
import type { SqlDatabase } from './sql-database.js';

export interface MigrateOptions {
  migrationsDir: string;
  log?: (message: string) => void;
}

/**
 * Applies `migrations/*.sql` with node-pg-migrate on either backend, on one connection (its
 * advisory lock and transaction are session state). node-pg-migrate only calls `query`; a
 * migration file holds several statements, which PGlite runs through `execScript`.
 */
export async function migrate(database: SqlDatabase, options: MigrateOptions): Promise<string[]> {
  const info = options.log ?? (() => undefined);
  return database.withConnection(async (connection) => {
    const client = {
      async query(textOrConfig: string | { text: string; values?: unknown[] }, values?: unknown[]) {
        const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
        const params = values ?? (typeof textOrConfig === 'string' ? undefined : textOrConfig.values) ?? [];
        if (database.dialect === 'pglite' && params.length === 0 && isScript(text)) {
          await database.execScript(text);
          return { rows: [], rowCount: 0 };
        }
        return connection.query(text, params);
      },
    };
    const applied = await runner({
      // Typed as pg's ClientBase; node-pg-migrate only ever calls `query` on an external client.
      dbClient: client as never,
      dir: options.migrationsDir,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      count: Infinity,
      checkOrder: true,
      singleTransaction: true,
      // Replicas starting together wait for each other instead of failing on a taken lock.
      advisoryLockMode: 'wait',
      logger: { debug: () => undefined, info, warn: info, error: info },
    });
    return applied.map((migration) => migration.name);
  });
}

function isScript(text: string): boolean {
  return text.split(';').filter((statement) => statement.trim().length > 0).length > 1;
}
