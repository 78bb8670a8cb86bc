import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import { forbidden, notFound } from '../../application/application-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { PageInfo } from '../../graphql/common.types.js';
import { CurrentActor } from '../../graphql/current-actor.decorator.js';
import { viewerOf } from '../../graphql/viewer.js';
import { ReadYourWrites } from '../../projections/projections.module.js';
import { AssessmentQueries, encodeCursor } from '../../read-models/index.js';
import { Assessment, toAssessment } from '../assessment.types.js';

@ObjectType()
export class AssessmentEdge {
  @Field() cursor!: string;
  @Field(() => Assessment) node!: Assessment;
}

/** `totalCount: Int!` is resolved by AssessmentQueryResolver.totalCount, only when selected. */
@ObjectType()
export class AssessmentConnection {
  @Field(() => [AssessmentEdge]) edges!: AssessmentEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

/** What `assessments` answers: the page, and the count of every page, run only if asked for. */
type AssessmentConnectionSource = AssessmentConnection & { countTotal: () => Promise<number> };

// Typed by the connection so that `totalCount` below resolves on it; the queries do not depend on it.
@Resolver(() => AssessmentConnection)
export class AssessmentQueryResolver {
  constructor(
    private readonly assessmentViews: AssessmentQueries,
    private readonly audit: AuditService,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Assessment, {
    description: 'An assessment, for its participants, auditors and admins; with `asOf`, rebuilt from its events as it stood then.',
  })
  async assessment(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() actor: Actor,
    @Args('asOf', { type: () => GraphQLISODateTime, nullable: true }) asOf?: Date | null,
    @Args('consistencyToken', { type: () => String, nullable: true }) consistencyToken?: string | null,
  ): Promise<Assessment> {
    if (asOf) return toAssessment(await this.audit.assessmentAt(actor, id, asOf));
    await this.readYourWrites.waitFor(consistencyToken);
    const found = await this.assessmentViews.byId(id, viewerOf(actor));
    if (found === null) throw notFound('assessment', id);
    if (!found.visible) throw forbidden('ASSESSMENT.NOT_VISIBLE', 'Only the participants of an assessment, auditors and consortium admins see it');
    return toAssessment(found.state);
  }

  @Query(() => AssessmentConnection, { description: 'Assessments the caller may see, oldest first (Relay-style).' })
  async assessments(
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('useCaseId', { type: () => ID, nullable: true }) useCaseId?: string | null,
    @Args('consistencyToken', { type: () => String, nullable: true }) consistencyToken?: string | null,
  ): Promise<AssessmentConnectionSource> {
    await this.readYourWrites.waitFor(consistencyToken);
    const page = await this.assessmentViews.page(
      { first: Math.min(Math.max(first, 1), 100), after: after ?? undefined, useCaseId: useCaseId ?? undefined },
      viewerOf(actor),
    );
    return {
      edges: page.nodes.map((node) => ({ cursor: encodeCursor([node.openedAt, node.assessmentId]), node: toAssessment(node) })),
      pageInfo: page.pageInfo,
      countTotal: page.countTotal,
    };
  }

  @ResolveField(() => Int)
  totalCount(@Parent() connection: AssessmentConnectionSource): Promise<number> {
    // Same filters and visibility rule as the page (captured by the query); counted once per connection however often selected.
    return connection.countTotal();
  }
}
