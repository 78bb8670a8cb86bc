import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../src/infrastructure/storage.module.js';
import { CommandScenario } from './support/command-scenario.js';
import * as story from './support/negotiation.fixture.js';
import { ACME, CLOUDLINE, HARBOR, METRO, ROGUE, TRUST } from './support/negotiation.fixture.js';
import { TEST_BACKENDS } from './support/test-databases.js';
import { startTestServer, type GraphqlResponse, type TestServer } from './support/test-server.js';

const AUDITOR = 'audit-office';
const ADMIN = 'consortium-admin';
const PARTIES = [ACME, METRO, HARBOR, TRUST, CLOUDLINE, ROGUE];

/** The statement `pageAggregates` counts with, on any of the paged views. */
// A count over the rows, or the lookup of the agreements' counters that replaces it when only visibility and status filter.
const COUNT = /SELECT count\(\*\)::int AS total FROM (agreement_view|assessment_view|use_case_view)\b|FROM agreement_count\b/;

type Connection = { totalCount?: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: { id: string } }> };

/**
 * `totalCount` of the agreements, assessments and useCases connections is counted only when the
 * client selects it (under any alias, in fragments), once per connection, with the page's filters
 * and visibility rule. The service is the real one over HTTP with real tokens; the only addition
 * is a spy on the database's `query` that records each statement and calls through to the real one.
 */
for (const backend of TEST_BACKENDS) {
  describe(`connection totalCount on ${backend}`, () => {
    let server: TestServer;
    let statements: string[];

    const counted = () => statements.filter((text) => COUNT.test(text));

    async function ask<T = Record<string, Connection>>(client: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const response: GraphqlResponse<T> = await server.as(client)<T>(query, variables);
      expect(response.errors).toBeUndefined();
      return response.data!;
    }

    /** Every node id of a connection, page by page, without selecting totalCount. */
    async function walk(client: string, field: 'agreements' | 'assessments', filter: string): Promise<string[]> {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const data: Record<string, Connection> = await ask(
          client,
          `query($after: String) { ${field}(first: 2, after: $after${filter}) { pageInfo { endCursor hasNextPage } edges { node { id } } } }`,
          { after },
        );
        ids.push(...data[field].edges.map((edge) => edge.node.id));
        if (!data[field].pageInfo.hasNextPage) return ids;
        after = data[field].pageInfo.endCursor;
      }
    }

    beforeAll(async () => {
      server = await startTestServer(backend);
      const store = server.app.get<EventStore>(EVENT_STORE);
      await story.fullNegotiation(new CommandScenario(store), { defaultProfile: false });
      // Read-your-writes on the store's head: every projection has the whole story before the tests read.
      const token = await store.headCheckpoint();
      await ask(AUDITOR, `query($token: String) { agreements(first: 1, consistencyToken: $token) { pageInfo { hasNextPage } } }`, { token });
      const database = server.app.get<SqlDatabase>(SQL_DATABASE);
      const query = database.query.bind(database);
      statements = [];
      jest.spyOn(database, 'query').mockImplementation((text, params) => {
        statements.push(text);
        return query(text, params);
      });
    }, 120_000);
    afterAll(() => server?.close());

    it('does not count when totalCount is not selected', async () => {
      statements.length = 0;
      for (const client of [AUDITOR, ADMIN, ...PARTIES]) {
        const data = await ask(
          client,
          `{ agreements(first: 2) { pageInfo { hasNextPage } edges { node { id } } }
             filtered: agreements(first: 2, status: WITHDRAWN, useCaseId: "uc-home") { edges { node { id } } }
             assessments(first: 2) { edges { node { id } } }
             useCases(first: 1) { pageInfo { endCursor } edges { node { id } } } }`,
        );
        expect(data.agreements.edges.length).toBeLessThanOrEqual(2);
      }
      expect(statements.filter((text) => /FROM (agreement|assessment|use_case)_view/.test(text)).length).toBeGreaterThanOrEqual(4 * 8);
      expect(counted()).toEqual([]);
    });

    it('counts once per connection, under aliases and in fragments', async () => {
      statements.length = 0;
      const data = await ask<Record<string, Connection & { n?: number; again?: number }>>(
        AUDITOR,
        `{ all: agreements(first: 1) { n: totalCount again: totalCount totalCount }
           withdrawn: agreements(first: 1, status: WITHDRAWN) { ...Total }
           assessments(first: 1) { ... on AssessmentConnection { totalCount } }
           useCases(first: 1) { edges { node { id } } } }
         fragment Total on AgreementConnection { totalCount }`,
      );
      expect(data.all).toEqual({ n: 3, again: 3, totalCount: 3 });
      expect(data.withdrawn).toEqual({ totalCount: 1 });
      expect(data.assessments).toEqual({ totalCount: 2 });
      expect(counted()).toHaveLength(3);
    });

    it('counts with the filters and visibility rule of the page, on every page', async () => {
      const agreementFilters = ['', ', useCaseId: "uc-home"', ', useCaseId: "uc-hospital"', ', status: CONCLUDED', ', status: WITHDRAWN', ', status: NEGOTIATING, useCaseId: "uc-home"'];
      const assessmentFilters = ['', ', useCaseId: "uc-home"', ', useCaseId: "uc-hospital"'];
      const totals: Record<string, number> = {};
      for (const client of [AUDITOR, ADMIN, ...PARTIES]) {
        for (const [field, filters] of [['agreements', agreementFilters], ['assessments', assessmentFilters]] as const) {
          for (const filter of filters) {
            const ids = await walk(client, field, filter);
            // First page and, when there is one, the second: the cursor does not narrow the total.
            const first: Record<string, Connection> = await ask(client, `{ ${field}(first: 1${filter}) { totalCount pageInfo { endCursor } } }`);
            expect(first[field].totalCount).toBe(ids.length);
            if (ids.length > 1) {
              const second: Record<string, Connection> = await ask(client, `query($after: String) { ${field}(first: 1, after: $after${filter}) { totalCount } }`, {
                after: first[field].pageInfo.endCursor,
              });
              expect(second[field].totalCount).toBe(ids.length);
            }
            totals[`${field} ${client}${filter}`] = ids.length;
          }
        }
      }
      // Spot values of the story (test/support/negotiation.fixture.ts), so the check above is not vacuous.
      expect(totals).toMatchObject({
        [`agreements ${AUDITOR}`]: 3,
        [`agreements ${ADMIN}`]: 3,
        [`agreements ${AUDITOR}, useCaseId: "uc-home"`]: 2,
        [`agreements ${AUDITOR}, status: WITHDRAWN`]: 1,
        [`agreements ${HARBOR}`]: 1,
        [`agreements ${HARBOR}, useCaseId: "uc-home"`]: 0,
        [`agreements ${ROGUE}`]: 0,
        [`assessments ${AUDITOR}`]: 2,
        [`assessments ${CLOUDLINE}`]: 1,
        [`assessments ${CLOUDLINE}, useCaseId: "uc-hospital"`]: 0,
        [`assessments ${ROGUE}`]: 0,
      });
      expect(Object.values(totals).some((total) => total > 1)).toBe(true);

      const useCases = await ask(METRO, `{ useCases(first: 1) { totalCount pageInfo { endCursor } } }`);
      expect(useCases.useCases.totalCount).toBe(2);
      const next = await ask(METRO, `query($after: String) { useCases(first: 1, after: $after) { totalCount edges { node { id } } } }`, {
        after: useCases.useCases.pageInfo.endCursor,
      });
      expect(next.useCases).toEqual({ totalCount: 2, edges: [{ node: { id: 'uc-hospital' } }] });
    }, 180_000);
  });
}
