import { openTestDatabase, type TestDatabase } from './test-databases.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * A test server on a database of its own: PGlite in a fresh directory, or a new database on the
 * PostgreSQL server of DATABASE_URL (dropped on close). Suites that deactivate demo organizations
 * or count events must not share the server's default database with other suites.
 */
export async function startFreshTestServer(backend: 'pglite' | 'postgres'): Promise<TestServer & { database?: TestDatabase }> {
  if (backend === 'pglite') return startTestServer(backend);
  const database = await openTestDatabase('postgres');
  const server = await startTestServer(backend, { DATABASE_URL: database.connectionString ?? '' });
  return {
    ...server,
    database,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** Registers the realm's demo organizations (a fresh database knows none of them). */
export async function registerDemoOrganizations(server: TestServer, ids: Record<string, string[]>): Promise<void> {
  const admin = server.as('consortium-admin');
  for (const [id, roles] of Object.entries(ids)) {
    const response = await admin(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
      { input: { commandId: `register-${id}`, id, name: id, roles } },
    );
    if (response.errors) throw new Error(`register ${id}: ${JSON.stringify(response.errors)}`);
  }
}
