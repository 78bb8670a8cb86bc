import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../src/infrastructure/storage.module.js';
import { REGISTER_ORGANIZATION } from './support/demo-consortium.js';
import { foreignKeyToken, hmacWithPublicKey, tamperedToken, tokenForge, unsignedToken, type TokenForge } from './support/forged-tokens.js';
import { subscribeOnce } from './support/graphql-ws-client.js';
import { TEST_BACKENDS } from './support/test-databases.js';
import { startTestServer, type GraphqlResponse, type TestServer } from './support/test-server.js';

/**
 * Issue 4: forged, stale and misdirected tokens through GraphQL over HTTP and graphql-ws. Every
 * attack tries what only a consortium admin may do (registerOrganization) with an admin's claims:
 * it must answer UNAUTHENTICATED without data and record nothing, which the real admin then
 * confirms by registering the same id. A control shows that a token signed with the realm's
 * real key and the same claims is accepted, so each refusal is due to the one thing the attack changes.
 */
const seconds = () => Math.floor(Date.now() / 1000);
const ME = `{ me { organizationId roles } }`;

/** How an attack presents itself: an Authorization header value (or none). */
type Attack = (forge: TokenForge, server: TestServer) => Promise<string | undefined>;

const bearer = (token: string) => `Bearer ${token}`;

const ATTACKS: Array<[string, Attack]> = [
  ['no token', async () => undefined],
  ['malformed: not a JWT', async () => bearer('not-a-jwt')],
  ['malformed: three empty segments', async () => bearer('..')],
  ['malformed: garbage segments', async () => bearer('eyJhbGciOiJSUzI1NiJ9.e30.AAAA')],
  ['malformed: Basic scheme', async () => `Basic ${Buffer.from('consortium-admin:consortium-admin-secret').toString('base64')}`],
  ['malformed: a genuine token without the Bearer scheme', async (_forge, server) => server.token('consortium-admin')],
  ['alg none', async (forge) => bearer(unsignedToken(forge.fresh()))],
  ['alg none with the genuine signature kept', async (forge, server) => bearer(`${unsignedToken(forge.fresh())}${(await server.token('consortium-admin')).split('.')[2]}`)],
  ...(['SPKI PEM', 'PKCS#1 PEM', 'JWK JSON', 'modulus'] as const).map(
    (encoding): [string, Attack] => [`HS256 signed with the realm's public key (${encoding})`, async (forge) => bearer((await hmacWithPublicKey(forge, forge.fresh()))[encoding])],
  ),
  ['RS256 signed with a foreign key under the realm kid', async (forge) => bearer(await foreignKeyToken(forge, forge.fresh()))],
  ['RS256 signed with a foreign key embedded as a jwk header', async (forge) => bearer(await foreignKeyToken(forge, forge.fresh(), true))],
  ['expired (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ iat: seconds() - 900, exp: seconds() - 120 })))],
  ['not yet valid (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ nbf: seconds() + 300, exp: seconds() + 900 })))],
  ['wrong issuer (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ iss: 'http://evil.example/realms/iot-ssf' })))],
  ['issuer of another realm on the same host (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ iss: String(forge.claims.iss).replace('/realms/iot-ssf', '/realms/master') })))],
  ['wrong audience (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ aud: 'account' })))],
  ['no audience (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ aud: undefined })))],
  ['an ID token: typ ID (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ typ: 'ID', aud: forge.claims.aud })))],
  ['missing org_id (real key)', async (forge) => bearer(await forge.sign(forge.fresh({ org_id: undefined })))],
  [
    'tampered payload: a manufacturer token made consortium admin',
    async (_forge, server) =>
      bearer(tamperedToken(await server.token('acme-devices'), (claims) => ({ ...claims, org_id: 'consortium', realm_access: { roles: ['consortium_admin'] } }))),
  ],
  ['tampered payload: expiry extended', async (_forge, server) => bearer(tamperedToken(await server.token('consortium-admin'), (claims) => ({ ...claims, exp: seconds() + 86_400 })))],
];

async function post(server: TestServer, query: string, variables: Record<string, unknown>, authorization: string | undefined): Promise<GraphqlResponse> {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphqlResponse, 'status'>) };
}

const slug = (name: string) => `jwt-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`.slice(0, 100);

for (const backend of TEST_BACKENDS) {
  describe(`JWT attacks on ${backend}`, () => {
    let server: TestServer;
    let forge: TokenForge;
    let store: EventStore;
    let database: SqlDatabase;
    // Every committed event, counted in the table: the readers' head can stop short of the last
    // one while another transaction (an in-process projection batch) is still running.
    const eventsInLog = async () => (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`)).rows[0].n;

    beforeAll(async () => {
      server = await startTestServer(backend);
      forge = await tokenForge(server);
      store = server.app.get<symbol, EventStore>(EVENT_STORE, { strict: false });
      database = server.app.get<symbol, SqlDatabase>(SQL_DATABASE, { strict: false });
    });
    afterAll(() => server?.close());

    it('control: the same claims signed with the real key are accepted, and a registration shows up', async () => {
      const authorization = bearer(await forge.sign(forge.fresh()));
      expect((await post(server, ME, {}, authorization)).data).toEqual({ me: { organizationId: 'consortium', roles: ['consortium_admin'] } });
      const registered = await post(server, REGISTER_ORGANIZATION, { input: { id: 'jwt-control', name: 'Control', roles: ['OPERATOR'] } }, authorization);
      expect(registered.errors).toBeUndefined();
      const again = await server.as('consortium-admin')(REGISTER_ORGANIZATION, { input: { id: 'jwt-control', name: 'Control', roles: ['OPERATOR'] } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ORGANIZATION.ALREADY_REGISTERED' });
    });

    for (const [name, attack] of ATTACKS) {
      it(`${name} → UNAUTHENTICATED, nothing recorded`, async () => {
        const authorization = await attack(forge, server);
        const id = slug(name);
        const before = await eventsInLog();

        const me = await post(server, ME, {}, authorization);
        expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(me.data ?? null).toBeNull();
        const mutation = await post(server, REGISTER_ORGANIZATION, { input: { id, name: 'Forged', roles: ['CERTIFIER'] } }, authorization);
        expect(mutation.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(mutation.data ?? null).toBeNull();

        expect(await eventsInLog()).toBe(before);
        expect(await store.readStream(`organization-${id}`)).toHaveLength(0);
        // The consortium admin can still register the id: the forged attempt left nothing behind.
        const genuine = await server.as('consortium-admin')(REGISTER_ORGANIZATION, { input: { id, name: 'Genuine', roles: ['CERTIFIER'] } });
        expect(genuine.errors).toBeUndefined();
        expect(genuine.data).toEqual({ registerOrganization: { id } });
      });
    }

    describe('graphql-ws subscriptions', () => {
      const SUBSCRIPTION = `subscription($id: ID!) { agreementChanged(id: $id) { id status } }`;

      it('control: a genuine token connects and the subscription runs (an unknown agreement answers NOT_FOUND)', async () => {
        const outcome = await subscribeOnce(server.baseUrl, SUBSCRIPTION, { id: 'no-such-agreement' }, await server.token('audit-office'));
        expect(outcome.kind).toBe('result');
        expect(outcome.kind === 'result' && outcome.result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      });

      const refusedConnections: Array<[string, (forge: TokenForge) => Promise<string | undefined>]> = [
        ['without a token', async () => undefined],
        ['with a malformed token', async () => 'not-a-jwt'],
        ['with an alg none token', async (f) => unsignedToken(f.fresh())],
        ['with a token signed by a foreign key', async (f) => foreignKeyToken(f, f.fresh())],
        ['with an expired token', async (f) => f.sign(f.fresh({ iat: seconds() - 900, exp: seconds() - 120 }))],
        ['with a tampered token', async () => tamperedToken(await server.token('acme-devices'), (claims) => ({ ...claims, org_id: 'consortium', realm_access: { roles: ['auditor'] } }))],
      ];
      for (const [name, token] of refusedConnections) {
        it(`refuses a connection ${name} (4403 Forbidden, no result)`, async () => {
          const outcome = await subscribeOnce(server.baseUrl, SUBSCRIPTION, { id: 'no-such-agreement' }, await token(forge));
          expect(outcome).toMatchObject({ kind: 'closed', code: 4403 });
        });
      }
    });
  });
}
