import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, PgliteDatabase, PostgresDatabase, type SqlDatabase } from '@app/event-store';

export const MIGRATIONS_DIR = join(process.cwd(), 'migrations');

/** Backends every contract suite runs against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const TEST_BACKENDS: Array<'pglite' | 'postgres'> = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  database: SqlDatabase;
  /** A plain connection string for tests that need their own client (PostgreSQL only). */
  connectionString?: string;
  drop(): Promise<void>;
}

/** A new, empty database on the PostgreSQL server of DATABASE_URL, for a whole service under test. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `iot_ssf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a new database on the PostgreSQL server of
 * DATABASE_URL (dropped afterwards), so suites never see each other's rows.
 */
export async function openTestDatabase(backend: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const database = await PgliteDatabase.open();
    await migrate(database, { migrationsDir: MIGRATIONS_DIR });
    return { database, drop: () => database.close() };
  }
  const fresh = await createPostgresDatabase();
  const database = new PostgresDatabase({ connectionString: fresh.url, maxConnections: 60 });
  await migrate(database, { migrationsDir: MIGRATIONS_DIR });
  return {
    database,
    connectionString: fresh.url,
    async drop() {
      await database.close();
      await fresh.drop();
    },
  };
}
