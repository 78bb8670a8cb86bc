import { randomBytes } from 'node:crypto';

import {
  errors,
  Provider,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';

import { DEFAULT_API_AUDIENCE, issuerFor, realmPath } from './identity.constants.js';
import { createInMemoryAdapterFactory } from './in-memory.adapter.js';
import { errorPage, loginInteraction, type NodeMiddleware } from './login-interaction.js';
import {
  clientAudiences,
  loadRealmFile,
  mappedClaims,
  type Realm,
  type RealmAccount,
  type RealmClient,
} from './realm-file.js';
import { loadOrCreateSigningKeys } from './signing-keys.js';
import { createLocalTokenVerifier, type TokenVerifier } from './token-verifier.js';

export interface EmbeddedIdentityProviderOptions {
  /** Path of the Keycloak realm export, normally `deploy/keycloak/realm-iot-ssf.json`. */
  readonly realmFile: string;
  /** Signing keys live in `<dataDir>/identity/jwks.json`. */
  readonly dataDir: string;
  /** Public base URL of this server (PUBLIC_URL), e.g. `http://localhost:3000`. */
  readonly issuerBaseUrl: string;
  /** NODE_ENV === 'production'. */
  readonly production: boolean;
  /** EMBEDDED_IDP=true: the explicit opt-in required in production. */
  readonly enabled: boolean;
  /** Audience of API access tokens; realm clients must have an audience mapper for it. */
  readonly audience?: string;
  readonly logger?: Pick<Console, 'error'>;
}

/** Anything with Express's `app.use(path, middleware)`. */
export interface MountTarget {
  use(path: string, ...handlers: NodeMiddleware[]): unknown;
}

export interface EmbeddedIdentityProvider {
  /** `<issuerBaseUrl>/realms/iot-ssf`. */
  readonly issuer: string;
  readonly audience: string;
  readonly realm: Realm;
  /** Verifies this provider's tokens with its in-process public keys (same checks as Keycloak mode). */
  readonly verifier: TokenVerifier;
  /** Mounts the provider at `/realms/<realm>`. Call before the app starts listening (before Nest's init). */
  mount(app: MountTarget): void;
  close(): Promise<void>;
}

/** Resource indicator (RFC 8707) under which the API is registered; its `aud` is {@link EmbeddedIdentityProviderOptions.audience}. */
export const API_RESOURCE_INDICATOR = 'urn:iot-ssf:api';

/** Keycloak's default client scopes for a client-credentials token requested without `scope`. */
const DEFAULT_SERVICE_ACCOUNT_SCOPE = 'profile email';

/** Claims the provider owns; a realm mapper cannot override them. */
const RESERVED_CLAIMS = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'typ', 'scope', 'client_id', 'cnf', 'realm_access',
]);

/**
 * An OpenID provider for development and tests, serving the realm export the way Keycloak would:
 * same paths, same client secrets, Keycloak-shaped RS256 access tokens. Refuses to start in
 * production unless explicitly enabled.
 */
export async function createEmbeddedIdentityProvider(
  options: EmbeddedIdentityProviderOptions,
): Promise<EmbeddedIdentityProvider> {
  if (options.production && !options.enabled) {
    throw new Error(
      'The embedded identity provider is a development tool and is off in production: ' +
        'set KEYCLOAK_URL to use Keycloak, or EMBEDDED_IDP=true to run it anyway.',
    );
  }
  const realm = await loadRealmFile(options.realmFile);
  const keys = await loadOrCreateSigningKeys(options.dataDir);
  const audience = options.audience ?? DEFAULT_API_AUDIENCE;
  const issuer = issuerFor(options.issuerBaseUrl, realm.name);
  const basePath = realmPath(realm.name);
  const logger = options.logger ?? console;

  const provider = new Provider(issuer, providerConfiguration(realm, audience, basePath, keys.privateJwks));
  provider.proxy = issuer.startsWith('https:');
  provider.on('server_error', (_ctx: unknown, error: Error) => logger.error('identity provider error', error));

  const callback = provider.callback() as NodeMiddleware;
  const interactions = loginInteraction(provider, realm, basePath);

  return {
    issuer,
    audience,
    realm,
    verifier: createLocalTokenVerifier({ issuer, audience, jwks: keys.publicJwks }),
    mount(app) {
      app.use(`${basePath}/interaction`, interactions);
      app.use(basePath, callback);
    },
    async close() {
      // Stateless beyond the in-memory adapter, which goes with the process.
    },
  };
}

function providerConfiguration(
  realm: Realm,
  audience: string,
  basePath: string,
  jwks: Configuration['jwks'],
): Configuration {
  const firstParty = (clientId: string): boolean => realm.clients.get(clientId)?.consentRequired === false;

  return {
    adapter: createInMemoryAdapterFactory(),
    clients: [...realm.clients.values()].flatMap(toClientMetadata),
    jwks,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      jwks: '/protocol/openid-connect/certs',
      userinfo: '/protocol/openid-connect/userinfo',
      end_session: '/protocol/openid-connect/logout',
      revocation: '/protocol/openid-connect/revoke',
      pushed_authorization_request: '/protocol/openid-connect/ext/par/request',
    },
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      openid: ['sub', 'org_id'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: realm.accessTokenLifespanSeconds,
      ClientCredentials: realm.accessTokenLifespanSeconds,
      IdToken: realm.accessTokenLifespanSeconds,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 1800,
      Grant: 1800,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) =>
          oneOf && !oneOf.includes(API_RESOURCE_INDICATOR) ? oneOf[0]! : API_RESOURCE_INDICATOR,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator, client) => {
          const realmClient = realm.clients.get(client.clientId);
          if (indicator !== API_RESOURCE_INDICATOR || !realmClient || !clientAudiences(realmClient).includes(audience)) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: 'openid profile email',
            audience,
            accessTokenTTL: realm.accessTokenLifespanSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `${basePath}/interaction/${interaction.uid}`,
    },
    // Keycloak clients with consentRequired: false get what they ask for without a consent screen.
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.['consent']?.grantId ?? session.grantIdFor(client.clientId);
      if (!firstParty(client.clientId)) {
        return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      const requested = [...(ctx.oidc.requestParamScopes ?? [])].join(' ');
      grant.addOIDCScope(requested);
      for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
        grant.addResourceScope(indicator, server.scope);
      }
      await grant.save();
      return grant;
    },
    findAccount: async (ctx, sub) => {
      const account = realm.accounts.get(sub);
      if (!account?.enabled || account.serviceAccountClientId) return undefined;
      const client = ctx.oidc.client ? realm.clients.get(ctx.oidc.client.clientId) : undefined;
      return {
        accountId: account.id,
        claims: () => ({
          sub: account.id,
          ...(client ? mappedClaims(client, account, 'id') : {}),
          preferred_username: account.username,
          name: [account.firstName, account.lastName].filter(Boolean).join(' ') || undefined,
          given_name: account.firstName,
          family_name: account.lastName,
          email: account.email,
          email_verified: account.emailVerified,
        }),
      };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      ctx.body = errorPage(out);
    },
    clientBasedCORS: (_ctx, origin, client) =>
      realm.clients.get(client.clientId)?.webOrigins.includes(origin) ?? false,
    formats: {
      customizers: {
        jwt: (ctx, token, jwt) => keycloakShape(realm, ctx, token, jwt.payload),
      },
    },
  };
}

/** Rewrites oidc-provider's JWT access token payload into Keycloak's shape. */
function keycloakShape(
  realm: Realm,
  _ctx: KoaContextWithOIDC,
  token: { kind: string; clientId?: string | undefined; accountId?: string; scope?: string | undefined },
  payload: Record<string, unknown>,
): void {
  const client = token.clientId ? realm.clients.get(token.clientId) : undefined;
  const account: RealmAccount | undefined =
    token.kind === 'ClientCredentials'
      ? realm.serviceAccounts.get(token.clientId ?? '')
      : realm.accounts.get(token.accountId ?? '');
  if (!client || !account?.enabled) {
    throw new errors.InvalidGrant('account is disabled or unknown');
  }
  for (const [claim, value] of Object.entries(mappedClaims(client, account, 'access'))) {
    if (!RESERVED_CLAIMS.has(claim)) payload[claim] = value;
  }
  payload['typ'] = 'Bearer';
  payload['azp'] = client.clientId;
  payload['sub'] = account.id;
  payload['preferred_username'] = account.username;
  payload['realm_access'] = { roles: [...account.realmRoles] };
  if (token.kind === 'ClientCredentials' && !payload['scope']) {
    payload['scope'] = DEFAULT_SERVICE_ACCOUNT_SCOPE;
  }
}

function toClientMetadata(client: RealmClient): ClientMetadata[] {
  if (!client.enabled || client.bearerOnly) return [];
  const codeFlow = client.standardFlowEnabled && client.redirectUris.length > 0;
  const grantTypes = [
    ...(codeFlow ? ['authorization_code', 'refresh_token'] : []),
    ...(client.serviceAccountsEnabled && !client.publicClient ? ['client_credentials'] : []),
  ];
  if (grantTypes.length === 0) return [];
  const postLogout = (client.attributes['post.logout.redirect.uris'] ?? '')
    .split('##')
    .filter((uri) => uri.length > 0 && !uri.includes('*'));
  return [
    {
      client_id: client.clientId,
      ...(client.publicClient
        ? { token_endpoint_auth_method: 'none' }
        : { client_secret: client.secret, token_endpoint_auth_method: 'client_secret_basic' }),
      grant_types: grantTypes,
      response_types: codeFlow ? ['code'] : [],
      redirect_uris: codeFlow ? client.redirectUris.filter((uri) => !uri.includes('*')) : [],
      post_logout_redirect_uris: codeFlow ? postLogout : [],
    },
  ];
}
