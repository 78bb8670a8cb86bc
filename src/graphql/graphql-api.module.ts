import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError, parse, specifiedRules, validate, type ValidationRule } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/domain';
import { bearerTokenFrom, TOKEN_VERIFIER, type TokenVerifier } from '@app/identity';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { formatGraphqlError, logUnexpectedErrors } from './error-formatting.js';
import type { GraphqlContext } from './graphql-context.js';
import { GRAPHQL_LIMITS } from './graphql-limits.js';

const logger = new Logger('Authentication');

async function authenticate(verifier: TokenVerifier, authorization: unknown): Promise<Pick<GraphqlContext, 'actor' | 'authenticationFailure'>> {
  if (typeof authorization !== 'string' || authorization.length === 0) return { actor: null, authenticationFailure: 'no token' };
  try {
    const token = bearerTokenFrom({ authorization });
    const verified = await verifier.verify(token);
    return { actor: { subject: verified.subject, organizationId: verified.organizationId, roles: [...verified.roles] } as Actor, authenticationFailure: null };
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    logger.warn({ reason }, 'token refused');
    return { actor: null, authenticationFailure: reason };
  }
}

/**
 * Puts the read-your-writes position of the request's mutations into `extensions.consistencyToken`,
 * and logs unexpected errors with the request's correlation id.
 */
const requestLifecyclePlugin: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are served over graphql-ws on /graphql, not over HTTP', {
            extensions: { code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION.OVER_HTTP', http: { status: 400 } },
          });
        }
      },
      async didEncounterErrors({ contextValue, errors }) {
        logUnexpectedErrors(errors, contextValue.requestId);
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind === 'single' && response.body.singleResult.errors?.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
          // The id under which the fault was logged, so support can find it.
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, requestId: contextValue.requestId };
        }
        if (!contextValue.consistencyToken || response.body.kind !== 'single') return;
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, consistencyToken: contextValue.consistencyToken };
        response.http.headers.set('x-consistency-token', contextValue.consistencyToken);
      },
    };
  },
};

/**
 * graphql-ws does its own parsing, validation and error reporting: give it the same limits and
 * the same error mapping as HTTP, and authenticate once per connection.
 */
function graphqlWsOptions(verifier: TokenVerifier, validationRules: readonly ValidationRule[]): Partial<ServerOptions> & { path: string } {
  return {
    path: '/graphql',
    onConnect: async (connection) => {
      const params = (connection.connectionParams ?? {}) as Record<string, unknown>;
      const authentication = await authenticate(verifier, params.authorization ?? params.Authorization);
      (connection.extra as Record<string, unknown>).authentication = authentication;
      return authentication.actor !== null;
    },
    onSubscribe: (_context, _id, payload) => {
      try {
        parse(payload.query, { maxTokens: GRAPHQL_LIMITS.armor.maxTokens.n });
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('Invalid document')];
      }
      return undefined;
    },
    validate: (schema, document) => validate(schema, document, [...specifiedRules, ...validationRules]),
    onNext: (_context, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map((error) => formatGraphqlError(error.toJSON(), error)) } : undefined,
    onError: (_context, _id, _payload, errors) => errors.map((error) => formatGraphqlError(error.toJSON(), error)),
  };
}

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, TOKEN_VERIFIER],
      useFactory: (config: AppConfig, verifier: TokenVerifier): ApolloDriverConfig => {
        const production = config.nodeEnv === 'production';
        const armor = new ApolloArmor(GRAPHQL_LIMITS.armor).protect();
        return {
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: !production,
          csrfPrevention: true,
          allowBatchedHttpRequests: false,
          includeStacktraceInErrorResponses: false,
          plugins: [...armor.plugins, requestLifecyclePlugin] as NonNullable<ApolloDriverConfig['plugins']>,
          validationRules: armor.validationRules,
          parseOptions: { maxTokens: GRAPHQL_LIMITS.armor.maxTokens.n },
          formatError: formatGraphqlError,
          subscriptions: { 'graphql-ws': graphqlWsOptions(verifier, armor.validationRules) as GraphQLWsSubscriptionsConfig },
          context: async ({ req, extra }: { req?: Request; extra?: Record<string, unknown> }): Promise<GraphqlContext> => {
            if (extra?.authentication) {
              return { requestId: randomUUID(), ...(extra.authentication as Pick<GraphqlContext, 'actor' | 'authenticationFailure'>) };
            }
            const header = req?.headers['x-request-id'];
            const requestId = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
            return { req, requestId, ...(await authenticate(verifier, req?.headers.authorization)) };
          },
        };
      },
    }),
  ],
})
export class GraphqlApiModule {}
