import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import type { GraphqlContext } from './graphql-context.js';
import { unauthenticated } from '../application/application-error.js';

/** The verified caller. Every operation needs one: without it the operation is UNAUTHENTICATED. */
export const CurrentActor = createParamDecorator((_data: unknown, execution: ExecutionContext): Actor => {
  const context = GqlExecutionContext.create(execution).getContext<GraphqlContext>();
  if (!context.actor) throw unauthenticated();
  return context.actor;
});

/** The whole GraphQL context (for the read-your-writes token and the request id). */
export const RequestContext = createParamDecorator(
  (_data: unknown, execution: ExecutionContext): GraphqlContext => GqlExecutionContext.create(execution).getContext<GraphqlContext>(),
);
