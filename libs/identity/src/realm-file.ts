import { readFile } from 'node:fs/promises';

import { z } from 'zod';

/*
 * The subset of a Keycloak realm export (RealmRepresentation) that the embedded provider honours.
 * Unknown fields are allowed: the file stays importable by Keycloak unchanged.
 */

const protocolMapperSchema = z.object({
  name: z.string(),
  protocol: z.literal('openid-connect'),
  protocolMapper: z.string(),
  config: z.record(z.string(), z.string()).default({}),
});

const clientSchema = z.object({
  clientId: z.string().min(1),
  enabled: z.boolean().default(true),
  secret: z.string().optional(),
  publicClient: z.boolean().default(false),
  bearerOnly: z.boolean().default(false),
  consentRequired: z.boolean().default(false),
  standardFlowEnabled: z.boolean().default(true),
  serviceAccountsEnabled: z.boolean().default(false),
  redirectUris: z.array(z.string()).default([]),
  webOrigins: z.array(z.string()).default([]),
  attributes: z.record(z.string(), z.string()).default({}),
  protocolMappers: z.array(protocolMapperSchema).default([]),
});

const userSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  enabled: z.boolean().default(true),
  email: z.string().optional(),
  emailVerified: z.boolean().default(false),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  serviceAccountClientId: z.string().optional(),
  attributes: z.record(z.string(), z.array(z.string())).default({}),
  credentials: z
    .array(z.object({ type: z.string(), value: z.string().optional(), temporary: z.boolean().default(false) }))
    .default([]),
  realmRoles: z.array(z.string()).default([]),
});

export const realmExportSchema = z.object({
  realm: z.string().min(1),
  enabled: z.boolean(),
  accessTokenLifespan: z.number().int().positive().default(300),
  roles: z.object({
    realm: z.array(z.object({ name: z.string().min(1) })),
  }),
  clients: z.array(clientSchema),
  users: z.array(userSchema).default([]),
});

export type RealmExport = z.infer<typeof realmExportSchema>;
export type RealmClient = z.infer<typeof clientSchema>;
export type RealmUser = z.infer<typeof userSchema>;
export type RealmProtocolMapper = z.infer<typeof protocolMapperSchema>;

/** A user (person or service account) as the embedded provider uses it. */
export interface RealmAccount {
  readonly id: string;
  readonly username: string;
  readonly enabled: boolean;
  readonly password: string | undefined;
  readonly serviceAccountClientId: string | undefined;
  readonly realmRoles: readonly string[];
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly email: string | undefined;
  readonly emailVerified: boolean;
  readonly firstName: string | undefined;
  readonly lastName: string | undefined;
}

/** A realm export read and cross-checked, indexed the way the embedded provider needs it. */
export interface Realm {
  readonly name: string;
  readonly accessTokenLifespanSeconds: number;
  readonly roles: readonly string[];
  readonly clients: ReadonlyMap<string, RealmClient>;
  readonly accounts: ReadonlyMap<string, RealmAccount>;
  readonly accountsByUsername: ReadonlyMap<string, RealmAccount>;
  readonly serviceAccounts: ReadonlyMap<string, RealmAccount>;
}

export async function loadRealmFile(path: string): Promise<Realm> {
  const text = await readFile(path, 'utf8');
  return parseRealm(JSON.parse(text) as unknown);
}

export function parseRealm(input: unknown): Realm {
  const data = realmExportSchema.parse(input);
  const roles = data.roles.realm.map((role) => role.name);
  const roleSet = new Set(roles);

  const clients = new Map<string, RealmClient>();
  for (const client of data.clients) {
    if (clients.has(client.clientId)) {
      throw new Error(`realm file: duplicate client ${client.clientId}`);
    }
    if (!client.publicClient && !client.bearerOnly && !client.secret) {
      throw new Error(`realm file: confidential client ${client.clientId} has no secret`);
    }
    clients.set(client.clientId, client);
  }

  const accounts = new Map<string, RealmAccount>();
  const accountsByUsername = new Map<string, RealmAccount>();
  const serviceAccounts = new Map<string, RealmAccount>();
  for (const user of data.users) {
    const unknownRole = user.realmRoles.find((role) => !roleSet.has(role));
    if (unknownRole) {
      throw new Error(`realm file: user ${user.username} holds undefined realm role ${unknownRole}`);
    }
    const account: RealmAccount = {
      id: user.id,
      username: user.username,
      enabled: user.enabled,
      password: user.credentials.find((c) => c.type === 'password' && !c.temporary)?.value,
      serviceAccountClientId: user.serviceAccountClientId,
      realmRoles: user.realmRoles,
      attributes: user.attributes,
      email: user.email,
      emailVerified: user.emailVerified,
      firstName: user.firstName,
      lastName: user.lastName,
    };
    if (accounts.has(account.id) || accountsByUsername.has(account.username)) {
      throw new Error(`realm file: duplicate user ${account.username}`);
    }
    accounts.set(account.id, account);
    accountsByUsername.set(account.username, account);
    if (account.serviceAccountClientId) {
      const client = clients.get(account.serviceAccountClientId);
      if (!client?.serviceAccountsEnabled) {
        throw new Error(`realm file: ${account.username} belongs to no service-account client`);
      }
      serviceAccounts.set(account.serviceAccountClientId, account);
    }
  }
  for (const client of clients.values()) {
    if (client.serviceAccountsEnabled && !serviceAccounts.has(client.clientId)) {
      throw new Error(`realm file: client ${client.clientId} has no service-account user`);
    }
  }

  return {
    name: data.realm,
    accessTokenLifespanSeconds: data.accessTokenLifespan,
    roles,
    clients,
    accounts,
    accountsByUsername,
    serviceAccounts,
  };
}

const enabledFor = (mapper: RealmProtocolMapper, token: 'access' | 'id'): boolean =>
  mapper.config[`${token}.token.claim`] === 'true';

/** Audiences the client's `oidc-audience-mapper`s add to access tokens. */
export function clientAudiences(client: RealmClient): string[] {
  return client.protocolMappers
    .filter((m) => m.protocolMapper === 'oidc-audience-mapper' && enabledFor(m, 'access'))
    .map((m) => m.config['included.custom.audience'] ?? m.config['included.client.audience'])
    .filter((aud): aud is string => typeof aud === 'string' && aud.length > 0);
}

/**
 * Claims the client's hardcoded-claim and user-attribute mappers produce for `account`, as
 * Keycloak would for the given token. Only flat string claims are supported (what the realm uses).
 */
export function mappedClaims(
  client: RealmClient,
  account: RealmAccount | undefined,
  token: 'access' | 'id',
): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const mapper of client.protocolMappers) {
    if (!enabledFor(mapper, token)) continue;
    const name = mapper.config['claim.name'];
    if (!name) continue;
    if (mapper.protocolMapper === 'oidc-hardcoded-claim-mapper') {
      const value = mapper.config['claim.value'];
      if (value !== undefined) claims[name] = value;
    } else if (mapper.protocolMapper === 'oidc-usermodel-attribute-mapper' && account) {
      const attribute = mapper.config['user.attribute'];
      const value = attribute ? account.attributes[attribute]?.[0] : undefined;
      if (value !== undefined) claims[name] = value;
    }
  }
  return claims;
}
