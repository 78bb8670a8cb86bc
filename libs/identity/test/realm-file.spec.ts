import { readFile } from 'node:fs/promises';

import { describe, expect, it } from '@jest/globals';

import { DEFAULT_API_AUDIENCE, parseRealm, REALM_ROLES } from '../src/index.js';
import { clientAudiences, mappedClaims } from '../src/realm-file.js';
import { CONTRACT_CLIENTS, CONTRACT_ROLES } from './contract.js';
import { REALM_FILE } from './support.js';

/** The parts of Keycloak's RealmRepresentation these tests look at. */
interface MapperJson {
  id: string;
  protocol: string;
  protocolMapper: string;
  consentRequired: boolean;
  config: Record<string, string>;
}
interface ClientJson {
  id: string;
  clientId: string;
  secret?: string;
  serviceAccountsEnabled: boolean;
  redirectUris: string[];
  protocolMappers: MapperJson[];
  [key: string]: unknown;
}
interface UserJson {
  id: string;
  username: string;
  serviceAccountClientId?: string;
  attributes: Record<string, string[]>;
  credentials?: unknown[];
  realmRoles: string[];
  [key: string]: unknown;
}
interface ProfileAttributeJson {
  name: string;
  permissions: { view: string[]; edit: string[] };
}
interface RealmJson {
  id: string;
  realm: string;
  enabled: boolean;
  roles: { realm: { id: string; name: string; [key: string]: unknown }[] };
  clients: ClientJson[];
  users: UserJson[];
  components: Record<string, { providerId: string; config: Record<string, string[]> }[]>;
  [key: string]: unknown;
}

const realmJson = async (): Promise<RealmJson> => JSON.parse(await readFile(REALM_FILE, 'utf8')) as RealmJson;

/** Top-level members of Keycloak's RealmRepresentation that the file uses (a typo would fail the import). */
const KNOWN_REALM_KEYS = new Set([
  'id', 'realm', 'displayName', 'enabled', 'sslRequired', 'accessTokenLifespan', 'ssoSessionIdleTimeout',
  'ssoSessionMaxLifespan', 'registrationAllowed', 'loginWithEmailAllowed', 'duplicateEmailsAllowed',
  'resetPasswordAllowed', 'editUsernameAllowed', 'bruteForceProtected', 'roles', 'clients', 'users', 'components',
]);

describe('realm file deploy/keycloak/realm-iot-ssf.json', () => {
  it('has the shape of a Keycloak realm export', async () => {
    const realm = await realmJson();
    expect(realm['realm']).toBe('iot-ssf');
    expect(realm['enabled']).toBe(true);
    for (const key of Object.keys(realm)) expect(KNOWN_REALM_KEYS).toContain(key);
    expect(Array.isArray(realm['roles']['realm'])).toBe(true);
    for (const role of realm['roles']['realm']) {
      expect(role).toMatchObject({ composite: false, clientRole: false, containerId: realm['id'] });
    }
    for (const client of realm['clients']) {
      expect(client).toMatchObject({ protocol: 'openid-connect', enabled: true });
      expect(typeof client['clientId']).toBe('string');
      expect(typeof client['serviceAccountsEnabled']).toBe('boolean');
      expect(Array.isArray(client['protocolMappers'])).toBe(true);
      for (const mapper of client['protocolMappers']) {
        expect(mapper).toMatchObject({ protocol: 'openid-connect', consentRequired: false });
        expect(typeof mapper['protocolMapper']).toBe('string');
        for (const value of Object.values(mapper['config'])) expect(typeof value).toBe('string');
      }
    }
    const ids = [
      ...realm['roles']['realm'].map((r) => r['id']),
      ...realm['clients'].map((c) => c['id']),
      ...realm['clients'].flatMap((c) => c['protocolMappers'].map((m) => m['id'])),
      ...realm['users'].map((u) => u['id']),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('defines exactly the contract realm roles', async () => {
    const realm = await realmJson();
    expect(realm['roles']['realm'].map((r) => r['name']).sort()).toEqual([...CONTRACT_ROLES].sort());
    expect([...REALM_ROLES].sort()).toEqual([...CONTRACT_ROLES].sort());
  });

  it.each(CONTRACT_CLIENTS)('declares service-account client $clientId as the contract table says', async (expected) => {
    const realm = await realmJson();
    const client = realm['clients'].find((c) => c['clientId'] === expected.clientId)!;
    expect(client).toMatchObject({
      clientId: expected.clientId,
      secret: `${expected.clientId}-secret`,
      clientAuthenticatorType: 'client-secret',
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(client['protocolMappers']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          protocolMapper: 'oidc-hardcoded-claim-mapper',
          config: expect.objectContaining({
            'claim.name': 'org_id',
            'claim.value': expected.orgId,
            'access.token.claim': 'true',
            'jsonType.label': 'String',
          }),
        }),
        expect.objectContaining({
          protocolMapper: 'oidc-audience-mapper',
          config: expect.objectContaining({ 'included.custom.audience': DEFAULT_API_AUDIENCE, 'access.token.claim': 'true' }),
        }),
      ]),
    );
    const serviceAccount = realm['users'].find((u) => u['serviceAccountClientId'] === expected.clientId);
    expect(serviceAccount).toMatchObject({
      username: `service-account-${expected.clientId}`,
      enabled: true,
      realmRoles: [...expected.roles],
    });
  });

  it('has a public console client using the code flow with PKCE S256 on localhost', async () => {
    const realm = await realmJson();
    const consoleClient = realm['clients'].find((c) => c['clientId'] === 'iot-ssf-console')!;
    expect(consoleClient).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }),
    });
    expect(consoleClient).not.toHaveProperty('secret');
    expect(consoleClient['redirectUris'].length).toBeGreaterThan(0);
    for (const uri of consoleClient['redirectUris']) expect(new URL(uri).hostname).toMatch(/^(localhost|127\.0\.0\.1)$/);
    expect(consoleClient['protocolMappers']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          protocolMapper: 'oidc-usermodel-attribute-mapper',
          config: expect.objectContaining({ 'user.attribute': 'org_id', 'claim.name': 'org_id', 'access.token.claim': 'true' }),
        }),
        expect.objectContaining({ protocolMapper: 'oidc-audience-mapper' }),
      ]),
    );
  });

  it('has one demo user per organization with an org_id attribute and a dev password', async () => {
    const realm = await realmJson();
    const people = realm['users'].filter((u) => !u['serviceAccountClientId']);
    expect(people.map((u) => u['attributes']['org_id'][0]).sort()).toEqual(CONTRACT_CLIENTS.map((c) => c.orgId).sort());
    for (const user of people) {
      expect(user).toMatchObject({ enabled: true, emailVerified: true, requiredActions: [] });
      expect(user['credentials']).toEqual([{ type: 'password', value: `${user['username']}-password`, temporary: false }]);
      const org = CONTRACT_CLIENTS.find((c) => c.orgId === user['attributes']['org_id'][0])!;
      expect(user['realmRoles']).toEqual([...org.roles]);
    }
  });

  it('declares org_id in the user profile so Keycloak keeps and maps it', async () => {
    const realm = await realmJson();
    const [component] = realm['components']['org.keycloak.userprofile.UserProfileProvider']!;
    expect(component!.providerId).toBe('declarative-user-profile');
    const profile = JSON.parse(component!.config['kc.user.profile.config']![0]!) as { attributes: ProfileAttributeJson[] };
    const names = profile['attributes'].map((a) => a['name']);
    expect(names).toEqual(expect.arrayContaining(['username', 'email', 'firstName', 'lastName', 'org_id']));
    const orgId = profile['attributes'].find((a) => a['name'] === 'org_id')!;
    expect(orgId['permissions']['edit']).toEqual(['admin']);
  });

  it('reads into the embedded realm in agreement with the contract table', async () => {
    const realm = parseRealm(await realmJson());
    expect(realm.name).toBe('iot-ssf');
    for (const expected of CONTRACT_CLIENTS) {
      const client = realm.clients.get(expected.clientId)!;
      const account = realm.serviceAccounts.get(expected.clientId)!;
      expect(client.secret).toBe(`${expected.clientId}-secret`);
      expect(clientAudiences(client)).toEqual([DEFAULT_API_AUDIENCE]);
      expect(mappedClaims(client, account, 'access')).toEqual({ org_id: expected.orgId });
      expect(account.realmRoles).toEqual(expected.roles);
    }
    const serviceClients = [...realm.clients.values()].filter((c) => c.serviceAccountsEnabled).map((c) => c.clientId);
    expect(serviceClients.sort()).toEqual(CONTRACT_CLIENTS.map((c) => c.clientId).sort());
  });

  it('refuses inconsistent realm files', async () => {
    const base = await realmJson();
    const withClient = (change: (client: ClientJson) => void): RealmJson => {
      const copy = structuredClone(base);
      change(copy['clients'][0]!);
      return copy;
    };
    expect(() => parseRealm(withClient((c) => delete c['secret']))).toThrow(/has no secret/);
    const badRole = structuredClone(base);
    badRole['users'][0]!['realmRoles'] = ['root'];
    expect(() => parseRealm(badRole)).toThrow(/undefined realm role root/);
    const orphan = structuredClone(base);
    orphan['users'] = orphan['users'].filter((u) => u['serviceAccountClientId'] !== 'acme-devices');
    expect(() => parseRealm(orphan)).toThrow(/acme-devices has no service-account user/);
    expect(() => parseRealm({ realm: 'x' })).toThrow(/enabled/);
  });
});
