import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { getNamedType, type GraphQLInputType } from 'graphql';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../../src/infrastructure/storage.module.js';
import { startFreshTestServer } from '../support/fresh-test-server.js';
import type { TestServer } from '../support/test-server.js';
import { agreementWithTerms, registerConsortium } from './support/agreement-setup.js';
import { CONTRACT_CODES } from './support/contract-codes.js';
import { committedSchema, inputOf } from './support/input-arbitraries.js';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 30);
const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
const CLIENTS = ['acme-devices', 'metro-operations', 'consortium-admin', 'rogue-devices', 'audit-office'];

/**
 * Issue 6, item 5: property-based fuzzing of every mutation's input through HTTP. Every answer is
 * data or a typed error, never a 500 or INTERNAL_SERVER_ERROR, and a refused command leaves the
 * events table as it was.
 */
describe('fuzzed mutation inputs (pglite)', () => {
  let server: TestServer;
  let database: SqlDatabase;
  let ids: string[];
  beforeAll(async () => {
    server = await startFreshTestServer('pglite');
    database = server.app.get<SqlDatabase>(SQL_DATABASE);
    await registerConsortium(server);
    const { agreementId, assessmentId } = await agreementWithTerms(server, 'Fuzz target');
    const { rows } = await database.query<{ id: string }>(`SELECT DISTINCT regexp_replace(stream_id, '^(use-case|assessment|agreement|organization|policy-profile)-', '') AS id FROM events`);
    ids = [agreementId, assessmentId, 'default', ...rows.map((row) => row.id)];
  }, 60_000);
  afterAll(() => server.close());

  const schema = committedSchema();
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});

  it(`answers ${mutations.length} mutations x ${RUNS} fuzzed inputs with data or a contract error (seed ${SEED})`, async () => {
    const violations: string[] = [];
    const tally: Record<string, number> = {};
    let cases = 0;
    const tokens = Object.fromEntries(await Promise.all(CLIENTS.map(async (client) => [client, await server.token(client)] as const)));
    for (const [index, mutation] of mutations.entries()) {
      const argument = mutation.args[0];
      const inputType = argument.type as GraphQLInputType;
      const query = `mutation($input: ${String(inputType)}) { ${mutation.name}(${argument.name}: $input) { __typename } }`;
      const samples = fc.sample(fc.tuple(inputOf(inputType, ids), fc.constantFrom(...CLIENTS)), { numRuns: RUNS, seed: SEED + index });
      for (const [input, client] of samples) {
        cases += 1;
        const before = await eventCount(database);
        const response = await server.graphql(query, { input }, tokens[client]);
        const codes = (response.errors ?? []).map((error) => String(error.extensions?.code));
        for (const code of codes) tally[code] = (tally[code] ?? 0) + 1;
        if (!response.errors) tally.OK = (tally.OK ?? 0) + 1;
        const explain = () => `${mutation.name} as ${client} (${getNamedType(inputType).name}): ${JSON.stringify(input).slice(0, 300)} -> ${response.status} ${JSON.stringify(response.errors ?? []).slice(0, 300)}`;
        if (response.status >= 500) violations.push(`HTTP ${response.status}: ${explain()}`);
        if (codes.some((code) => !CONTRACT_CODES.has(code))) violations.push(`code: ${explain()}`);
        if (response.errors && !response.data && (await eventCount(database)) !== before) violations.push(`refused but recorded: ${explain()}`);
      }
    }
    process.stdout.write(`fuzz: ${cases} cases over ${mutations.length} mutations, seed ${SEED}: ${JSON.stringify(tally)}\n`);
    expect(violations.slice(0, 10)).toEqual([]);
    expect(cases).toBe(mutations.length * RUNS);
    expect(tally.OK ?? 0).toBeGreaterThan(0);
  }, 170_000);
});

async function eventCount(database: SqlDatabase): Promise<number> {
  const { rows } = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
  return rows[0].n;
}
