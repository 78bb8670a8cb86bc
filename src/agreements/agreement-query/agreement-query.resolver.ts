import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AGREEMENT_STATUSES, type Actor, type AgreementStatus } from '@app/domain';
import { forbidden, notFound } from '../../application/application-error.js';
import { AuditService } from '../../audit/audit.service.js';
import { PageInfo } from '../../graphql/common.types.js';
import { CurrentActor } from '../../graphql/current-actor.decorator.js';
import { AgreementStatusEnum } from '../../graphql/enums.js';
import { viewerOf } from '../../graphql/viewer.js';
import { ReadYourWrites } from '../../projections/projections.module.js';
import { AgreementQueries, encodeCursor } from '../../read-models/index.js';
import { Agreement, toAgreement } from '../agreement.types.js';

@ObjectType()
export class AgreementEdge {
  @Field() cursor!: string;
  @Field(() => Agreement) node!: Agreement;
}

/** `totalCount: Int!` is resolved by AgreementQueryResolver.totalCount, only when selected. */
@ObjectType()
export class AgreementConnection {
  @Field(() => [AgreementEdge]) edges!: AgreementEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

/** What `agreements` answers: the page, and the count of every page, run only if asked for. */
type AgreementConnectionSource = AgreementConnection & { countTotal: () => Promise<number> };

// Typed by the connection so that `totalCount` below resolves on it; the queries do not depend on it.
@Resolver(() => AgreementConnection)
export class AgreementQueryResolver {
  constructor(
    private readonly agreementViews: AgreementQueries,
    private readonly audit: AuditService,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Agreement, {
    description:
      'An agreement, for its parties, auditors and admins. With `asOf` or `version` it is rebuilt from its events as it stood then ' +
      '(policy checks evaluated at that time); otherwise read from the read model (pass a mutation’s consistencyToken to read your writes).',
  })
  async agreement(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() actor: Actor,
    @Args('asOf', { type: () => GraphQLISODateTime, nullable: true }) asOf?: Date | null,
    @Args('version', { type: () => Int, nullable: true }) version?: number | null,
    @Args('consistencyToken', { type: () => String, nullable: true }) consistencyToken?: string | null,
  ): Promise<Agreement> {
    if (asOf || (version !== null && version !== undefined)) {
      const state = await this.audit.agreementAt(actor, id, { asOf, version });
      return toAgreement(state, (asOf ?? new Date()).toISOString());
    }
    await this.readYourWrites.waitFor(consistencyToken);
    const found = await this.agreementViews.byId(id, viewerOf(actor));
    if (found === null) throw notFound('agreement', id);
    if (!found.visible) throw forbidden('AGREEMENT.NOT_VISIBLE', 'Only the parties of an agreement, auditors and consortium admins see it');
    return toAgreement(found.state, new Date().toISOString());
  }

  @Query(() => AgreementConnection, { description: 'Agreements the caller may see, oldest first (Relay-style).' })
  async agreements(
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('status', { type: () => AgreementStatusEnum, nullable: true }) status?: AgreementStatus | null,
    @Args('useCaseId', { type: () => ID, nullable: true }) useCaseId?: string | null,
    @Args('consistencyToken', { type: () => String, nullable: true }) consistencyToken?: string | null,
  ): Promise<AgreementConnectionSource> {
    await this.readYourWrites.waitFor(consistencyToken);
    const page = await this.agreementViews.page(
      {
        first: Math.min(Math.max(first, 1), 100),
        after: after ?? undefined,
        status: status && AGREEMENT_STATUSES.includes(status) ? status : undefined,
        useCaseId: useCaseId ?? undefined,
      },
      viewerOf(actor),
    );
    const now = new Date().toISOString();
    return {
      edges: page.nodes.map((node) => ({ cursor: encodeCursor([node.openedAt, node.agreementId]), node: toAgreement(node, now) })),
      pageInfo: page.pageInfo,
      countTotal: page.countTotal,
    };
  }

  @ResolveField(() => Int)
  totalCount(@Parent() connection: AgreementConnectionSource): Promise<number> {
    // Same filters and visibility rule as the page (captured by the query); counted once per connection however often selected.
    return connection.countTotal();
  }
}
