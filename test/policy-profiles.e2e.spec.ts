import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_PROFILE, PERSPECTIVES, type PolicyCell } from '@app/domain';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '@app/event-store';
import { AggregateCommands } from '../src/application/aggregate-commands.service.js';
import { DefaultPolicyProfileBootstrap } from '../src/policy-profiles/default-policy-profile.bootstrap.js';
import { DefinePolicyProfileHandler } from '../src/policy-profiles/define-policy-profile/define-policy-profile.command.js';
import { openTestDatabase, TEST_BACKENDS } from './support/test-databases.js';
import { registerDemoOrganizations, startFreshTestServer } from './support/fresh-test-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const PROFILE_FIELDS = `id version latestVersion name description
  cells { recovery economic perspectives { perspective level minimumMethod } }
  versions { version name description }`;
const DEFINE = `mutation($input: DefinePolicyProfileInput!) { definePolicyProfile(input: $input) { ${PROFILE_FIELDS} } }`;
const REVISE = `mutation($input: RevisePolicyProfileInput!) { revisePolicyProfile(input: $input) { ${PROFILE_FIELDS} } }`;
const PROFILE = `query($id: ID!, $version: Int, $token: String) { policyProfile(id: $id, version: $version, consistencyToken: $token) { ${PROFILE_FIELDS} } }`;

type CellInput = { recovery: string; economic: string; perspectives: Array<{ perspective: string; level: string; minimumMethod: string }> };
type Profile = { id: string; version: number; latestVersion: number; name: string; description: string; cells: CellInput[]; versions: Array<{ version: number; name: string }> };

function cellsInput(cells: readonly PolicyCell[]): CellInput[] {
  return cells.map((cell) => ({
    recovery: cell.recovery,
    economic: cell.economic,
    perspectives: PERSPECTIVES.map((perspective) => ({ perspective, ...cell.perspectives[perspective] })),
  }));
}

const DEFAULT_CELLS = cellsInput(DEFAULT_POLICY_PROFILE.cells);
/** The default profile with insurance required in every category. */
const STRICT_CELLS = DEFAULT_CELLS.map((cell) => ({
  ...cell,
  perspectives: cell.perspectives.map((p) => (p.perspective === 'SOCIAL_SUPPORT' ? { ...p, level: 'REQUIRED' } : p)),
}));

async function defaultProfileEvents(store: EventStore) {
  return store.readStream('policy-profile-default');
}

for (const backend of TEST_BACKENDS) {
  describe(`policy profiles over HTTP on ${backend}`, () => {
    let server: TestServer;
    let store: EventStore;

    beforeAll(async () => {
      server = await startFreshTestServer(backend);
      store = server.app.get<EventStore>(EVENT_STORE);
      await registerDemoOrganizations(server, { 'acme-devices': ['MANUFACTURER'] });
    });
    afterAll(() => server.close());

    it('has the illustrative default profile after start, defined once by the bootstrap actor', async () => {
      const events = await defaultProfileEvents(store);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'PolicyProfileDefined', metadata: { actor: { subject: 'saga:bootstrap', organizationId: 'consortium', roles: ['consortium_admin'] } } });

      const token = await store.headCheckpoint();
      const read = await server.as('acme-devices')<{ policyProfile: Profile }>(PROFILE, { id: 'default', token });
      expect(read.errors).toBeUndefined();
      expect(read.data?.policyProfile).toEqual({
        id: 'default',
        version: 1,
        latestVersion: 1,
        name: DEFAULT_POLICY_PROFILE.name,
        description: DEFAULT_POLICY_PROFILE.description,
        cells: DEFAULT_CELLS,
        versions: [{ version: 1, name: DEFAULT_POLICY_PROFILE.name, description: DEFAULT_POLICY_PROFILE.description }],
      });
      const severe = read.data?.policyProfile.cells.find((cell) => cell.recovery === 'SEVERE' && cell.economic === 'CATASTROPHIC');
      expect(severe?.perspectives).toEqual(
        expect.arrayContaining([
          { perspective: 'BEFORE_OPERATION', level: 'REQUIRED', minimumMethod: 'THIRD_PARTY_CERTIFICATION' },
          { perspective: 'OPERATOR_COMPETENCE', level: 'REQUIRED', minimumMethod: 'LICENSE' },
          { perspective: 'SOCIAL_SUPPORT', level: 'REQUIRED', minimumMethod: 'INSURANCE_POLICY' },
        ]),
      );

      const redefine = await server.as('consortium-admin')(DEFINE, { input: { id: 'default', name: 'Mine', description: 'x', cells: DEFAULT_CELLS } });
      expect(redefine.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'POLICY_PROFILE.ALREADY_DEFINED' });
    });

    it('lets a consortium admin define a profile at version 1, and answers a retry with the same outcome', async () => {
      const admin = server.as('consortium-admin');
      const input = { commandId: 'define-strict-1', id: 'strict', name: 'Strict', description: 'Insurance everywhere', cells: STRICT_CELLS };
      const defined = await admin<{ definePolicyProfile: Profile }>(DEFINE, { input });
      expect(defined.errors).toBeUndefined();
      expect(defined.data?.definePolicyProfile).toMatchObject({ id: 'strict', version: 1, latestVersion: 1, name: 'Strict', cells: STRICT_CELLS });
      expect(defined.extensions?.consistencyToken).toEqual(expect.any(String));
      expect(await admin(DEFINE, { input })).toMatchObject({ data: defined.data });
      expect(await store.readStream('policy-profile-strict')).toHaveLength(1);

      const again = await admin(DEFINE, { input: { ...input, commandId: 'define-strict-2' } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'POLICY_PROFILE.ALREADY_DEFINED' });
      const byManufacturer = await server.as('acme-devices')(DEFINE, { input: { ...input, id: 'mine', commandId: 'x' } });
      expect(byManufacturer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'POLICY_PROFILE.FORBIDDEN' });
    });

    it('refuses malformed profiles with BAD_USER_INPUT naming the field', async () => {
      const admin = server.as('consortium-admin');
      const base = { id: 'malformed', name: 'M', description: 'D', cells: DEFAULT_CELLS };
      const twice = DEFAULT_CELLS.map((cell, index) =>
        index === 2 ? { ...cell, perspectives: [...cell.perspectives.slice(0, 3), { ...cell.perspectives[0] }] } : cell,
      );
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...base, cells: DEFAULT_CELLS.slice(0, 8) }, 'cells'],
        [{ ...base, cells: [...DEFAULT_CELLS, DEFAULT_CELLS[0]] }, 'cells'],
        // Nine cells, one category twice: the domain counts them.
        [{ ...base, cells: [...DEFAULT_CELLS.slice(0, 8), DEFAULT_CELLS[0]] }, 'cells'],
        [{ ...base, cells: twice }, 'cells.2.perspectives'],
        [{ ...base, cells: DEFAULT_CELLS.map((cell, i) => (i === 4 ? { ...cell, perspectives: cell.perspectives.slice(1) } : cell)) }, 'cells.4.perspectives'],
        [
          { ...base, cells: DEFAULT_CELLS.map((cell, i) => (i === 0 ? { ...cell, perspectives: cell.perspectives.map((p) => ({ ...p, minimumMethod: 'WAIVER' })) } : cell)) },
          'cells.0.perspectives.0.minimumMethod',
        ],
        [{ ...base, name: 'n'.repeat(201) }, 'name'],
        [{ ...base, description: 'd'.repeat(10_001) }, 'description'],
        [{ ...base, description: '  ' }, 'description'],
        [{ ...base, id: 'no spaces please' }, 'id'],
      ];
      for (const [input, field] of cases) {
        const response = await admin(DEFINE, { input });
        expect({ field, extensions: response.errors?.[0].extensions }).toMatchObject({ field, extensions: { code: 'BAD_USER_INPUT', field } });
      }
      const badLevel = await admin(DEFINE, {
        input: { ...base, cells: DEFAULT_CELLS.map((cell) => ({ ...cell, perspectives: cell.perspectives.map((p) => ({ ...p, level: 'MANDATORY' })) })) },
      });
      expect(badLevel.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await store.readStream('policy-profile-malformed')).toHaveLength(0);
    });

    it('revises a profile into version 2 on its current version; a retry records nothing, a stale base is a CONFLICT', async () => {
      const admin = server.as('consortium-admin');
      await admin(DEFINE, { input: { commandId: 'define-rev', id: 'revisable', name: 'Revisable', description: 'v1', cells: DEFAULT_CELLS } });
      const input = { commandId: 'revise-1', policyProfileId: 'revisable', baseVersion: 1, description: 'v2: insurance everywhere', cells: STRICT_CELLS };
      const revised = await admin<{ revisePolicyProfile: Profile }>(REVISE, { input });
      expect(revised.errors).toBeUndefined();
      expect(revised.data?.revisePolicyProfile).toMatchObject({
        id: 'revisable',
        version: 2,
        latestVersion: 2,
        name: 'Revisable',
        description: 'v2: insurance everywhere',
        cells: STRICT_CELLS,
        versions: [
          { version: 1, name: 'Revisable', description: 'v1' },
          { version: 2, name: 'Revisable', description: 'v2: insurance everywhere' },
        ],
      });
      expect(await admin(REVISE, { input })).toMatchObject({ data: revised.data });
      expect(await store.readStream('policy-profile-revisable')).toHaveLength(2);

      const stale = await admin(REVISE, { input: { ...input, commandId: 'revise-2' } });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'POLICY_PROFILE.VERSION_SUPERSEDED', currentVersion: 2 });

      const token = revised.extensions?.consistencyToken as string;
      const v1 = await server.as('acme-devices')<{ policyProfile: Profile }>(PROFILE, { id: 'revisable', version: 1, token });
      expect(v1.data?.policyProfile).toMatchObject({ version: 1, latestVersion: 2, description: 'v1', cells: DEFAULT_CELLS });
      const latest = await server.as('acme-devices')<{ policyProfile: Profile }>(PROFILE, { id: 'revisable', token });
      expect(latest.data?.policyProfile).toMatchObject({ version: 2, cells: STRICT_CELLS });
      const noSuchVersion = await server.as('acme-devices')(PROFILE, { id: 'revisable', version: 7, token });
      expect(noSuchVersion.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', latestVersion: 2 });
      const noSuchProfile = await server.as('acme-devices')(PROFILE, { id: 'nothing-here', token });
      expect(noSuchProfile.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses revisions by non-admins, of unknown profiles, or with bad input', async () => {
      const input = { policyProfileId: 'revisable', baseVersion: 2, cells: DEFAULT_CELLS };
      const byManufacturer = await server.as('acme-devices')(REVISE, { input });
      expect(byManufacturer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'POLICY_PROFILE.FORBIDDEN' });
      const unknown = await server.as('consortium-admin')(REVISE, { input: { ...input, policyProfileId: 'nothing-here' } });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'POLICY_PROFILE.NOT_FOUND' });
      const zero = await server.as('consortium-admin')(REVISE, { input: { ...input, baseVersion: 0 } });
      expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'baseVersion' });
      const longName = await server.as('consortium-admin')(REVISE, { input: { ...input, name: 'n'.repeat(201) } });
      expect(longName.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(await store.readStream('policy-profile-revisable')).toHaveLength(2);
    });
  });
}

describe('default policy profile bootstrap across restarts and processes', () => {
  for (const backend of TEST_BACKENDS) {
    it(`is defined once when many starters race on one ${backend} store`, async () => {
      const database = await openTestDatabase(backend);
      try {
        const store = new PostgresEventStore(database.database);
        const starters = Array.from({ length: 6 }, () => new DefaultPolicyProfileBootstrap(new DefinePolicyProfileHandler(new AggregateCommands(store))));
        await Promise.all(starters.map((starter) => starter.onApplicationBootstrap()));
        await starters[0].onApplicationBootstrap();
        expect((await defaultProfileEvents(store)).map((event) => event.type)).toEqual(['PolicyProfileDefined']);
      } finally {
        await database.drop();
      }
    });
  }

  it('is defined once when the service restarts on the same embedded store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iot-ssf-bootstrap-'));
    try {
      for (let start = 0; start < 2; start++) {
        const server = await startTestServer('pglite', { DATA_DIR: dataDir });
        try {
          expect(await defaultProfileEvents(server.app.get<EventStore>(EVENT_STORE))).toHaveLength(1);
        } finally {
          await server.close();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  if (TEST_BACKENDS.includes('postgres')) {
    it('is defined once when two servers start at once on one PostgreSQL database', async () => {
      const database = await openTestDatabase('postgres');
      try {
        const environment = { DATABASE_URL: database.connectionString ?? '' };
        const servers = await Promise.all([startTestServer('postgres', environment), startTestServer('postgres', environment)]);
        try {
          for (const server of servers) {
            const events = await defaultProfileEvents(server.app.get<EventStore>(EVENT_STORE));
            expect(events.map((event) => event.type)).toEqual(['PolicyProfileDefined']);
          }
          const third = await startTestServer('postgres', environment);
          await third.close();
          expect(await defaultProfileEvents(servers[0].app.get<EventStore>(EVENT_STORE))).toHaveLength(1);
        } finally {
          await Promise.all(servers.map((server) => server.close()));
        }
      } finally {
        await database.drop();
      }
    });
  }
});
