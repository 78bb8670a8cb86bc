import { Args, ArgsType, Field, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Actor } from '@app/domain';
import { badInput, notFound } from '../../application/application-error.js';
import { PageArgs, PageInfo } from '../../graphql/common.types.js';
import { CurrentActor } from '../../graphql/current-actor.decorator.js';
import { ReadYourWrites } from '../../projections/projections.module.js';
import { encodeCursor, InvalidCursorError, UseCaseQueries } from '../../read-models/index.js';
import { toUseCase, UseCase } from '../use-case.types.js';

@ObjectType()
export class UseCaseEdge {
  @Field() cursor!: string;
  @Field(() => UseCase) node!: UseCase;
}

/** `totalCount: Int!` is resolved by UseCaseQueryResolver.totalCount, only when selected. */
@ObjectType()
export class UseCaseConnection {
  @Field(() => [UseCaseEdge]) edges!: UseCaseEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

/** What `useCases` answers: the page, and the count of every page, run only if asked for. */
type UseCaseConnectionSource = UseCaseConnection & { countTotal: () => Promise<number> };

const CONSISTENCY_TOKEN_DESCRIPTION = "A mutation's `extensions.consistencyToken`: the answer then includes that mutation.";

@ArgsType()
export class UseCasesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: CONSISTENCY_TOKEN_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  consistencyToken?: string | null;
}

/**
 * Use cases are shared knowledge (IoT-SSF section 4): every authenticated caller reads them.
 * Typed by the connection so that `totalCount` below resolves on it; the queries do not depend on it.
 */
@Resolver(() => UseCaseConnection)
export class UseCaseQueryResolver {
  constructor(
    private readonly useCaseViews: UseCaseQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => UseCase, { description: 'A use case, active or retired.' })
  async useCase(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() _actor: Actor,
    @Args('consistencyToken', { type: () => String, nullable: true, description: CONSISTENCY_TOKEN_DESCRIPTION }) consistencyToken?: string | null,
  ): Promise<UseCase> {
    await this.readYourWrites.waitFor(consistencyToken);
    const found = await this.useCaseViews.byId(id);
    if (!found) throw notFound('use case', id);
    return toUseCase(found);
  }

  @Query(() => UseCaseConnection, { description: 'Use cases, oldest first (Relay-style).' })
  async useCases(@Args() args: UseCasesArgs, @CurrentActor() _actor: Actor): Promise<UseCaseConnectionSource> {
    await this.readYourWrites.waitFor(args.consistencyToken);
    try {
      const page = await this.useCaseViews.page({ first: args.first, after: args.after ?? undefined });
      return {
        edges: page.nodes.map((node) => ({ cursor: encodeCursor([node.openedAt, node.useCaseId]), node: toUseCase(node) })),
        pageInfo: page.pageInfo,
        countTotal: page.countTotal,
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw badInput('after', error.message);
      throw error;
    }
  }

  @ResolveField(() => Int)
  totalCount(@Parent() connection: UseCaseConnectionSource): Promise<number> {
    // Counted once per connection however often selected.
    return connection.countTotal();
  }
}
