import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ECONOMIC_IMPACTS, RECOVERY_DIFFICULTIES, type Actor, type EconomicImpact, type RecoveryDifficulty } from '@app/domain';
import { decodeCheckpoint } from '@app/event-store';
import { seesEverything } from '../application/access-policy.js';
import { forbidden } from '../application/application-error.js';
import { toClause } from '../agreements/agreement.types.js';
import { CurrentActor } from '../graphql/current-actor.decorator.js';
import { EconomicImpactEnum, RecoveryDifficultyEnum } from '../graphql/enums.js';
import { viewerOf } from '../graphql/viewer.js';
import { ReadYourWrites } from '../projections/projections.module.js';
import {
  AuditLogQuery,
  CategoryMatrixQuery,
  ComparisonQuery,
  encodeCursor,
  InboxQuery,
  ObligationsQuery,
  SocialSupportCoverageQuery,
  type SocialSupportCell as SocialSupportCellReport,
} from '../read-models/index.js';
import { AuditLogConnection, CategoryCell, CategoryComparison, InboxItem, Obligation, SocialSupportAgreement, SocialSupportCell } from './insights.types.js';

const consistencyArgs = { type: () => String, nullable: true, description: "A mutation's consistencyToken: wait until read models include it." } as const;

/** The read models users work from; each resolver reads one query class and nothing else. */
@Resolver()
export class InsightsResolver {
  constructor(
    private readonly matrix: CategoryMatrixQuery,
    private readonly obligationViews: ObligationsQuery,
    private readonly inboxViews: InboxQuery,
    private readonly coverage: SocialSupportCoverageQuery,
    private readonly comparison: ComparisonQuery,
    private readonly auditLogViews: AuditLogQuery,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => [CategoryCell], { description: 'The nine categories with use cases, agreements by status and per-perspective coverage; names no party.' })
  async categoryMatrix(
    @CurrentActor() _actor: Actor,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<CategoryCell[]> {
    await this.readYourWrites.waitFor(consistencyToken);
    return this.matrix.cells();
  }

  @Query(() => [Obligation], { description: 'Clauses an organization is responsible for in agreements in force (its own members, auditors, admins).' })
  async obligations(
    @CurrentActor() actor: Actor,
    @Args('organizationId', { type: () => ID, nullable: true, description: "Defaults to the caller's organization." }) organizationId?: string | null,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<Obligation[]> {
    const target = organizationId ?? actor.organizationId;
    if (target !== actor.organizationId && !seesEverything(actor)) {
      throw forbidden('OBLIGATIONS.NOT_VISIBLE', "Only an organization's own members, auditors and admins see its obligations");
    }
    await this.readYourWrites.waitFor(consistencyToken);
    const obligations = await this.obligationViews.forOrganization(target);
    return obligations.map((obligation) => ({ ...obligation, clause: toClause(obligation.clause, obligation.clauseIndex) }));
  }

  @Query(() => [InboxItem], { description: "What awaits the caller's organization: endorsements, challenges to answer, terms to sign or propose." })
  async inbox(@CurrentActor() actor: Actor, @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null): Promise<InboxItem[]> {
    await this.readYourWrites.waitFor(consistencyToken);
    const items = await this.inboxViews.forOrganization(actor.organizationId);
    return items.map((item) => ({
      kind: item.kind,
      assessmentId: item.assessmentId ?? null,
      agreementId: item.agreementId ?? null,
      revision: item.revision ?? null,
      version: item.version ?? null,
      since: item.since,
      detail: item.detail ?? null,
    }));
  }

  @Query(() => [SocialSupportCell], {
    description: 'Per category, agreements where SOCIAL_SUPPORT is required or recommended: counts for everyone, details for their parties.',
  })
  async socialSupportCoverage(
    @CurrentActor() actor: Actor,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<SocialSupportCellReport[]> {
    await this.readYourWrites.waitFor(consistencyToken);
    return this.coverage.report(viewerOf(actor));
  }

  @Query(() => CategoryComparison, { description: 'Comparison across use cases of one category: perspectives and clause templates in concluded agreements.' })
  async categoryComparison(
    @CurrentActor() _actor: Actor,
    @Args('recovery', { type: () => RecoveryDifficultyEnum }) recovery: RecoveryDifficulty,
    @Args('economic', { type: () => EconomicImpactEnum }) economic: EconomicImpact,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<CategoryComparison> {
    if (!RECOVERY_DIFFICULTIES.includes(recovery) || !ECONOMIC_IMPACTS.includes(economic)) throw new RangeError('not a category');
    await this.readYourWrites.waitFor(consistencyToken);
    return this.comparison.forCategory({ recovery, economic });
  }

  @Query(() => AuditLogConnection, { description: 'Every event of the platform in commit order (auditors and consortium admins).' })
  async auditLog(
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('aggregateId', { type: () => ID, nullable: true }) aggregateId?: string | null,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<AuditLogConnection> {
    if (!seesEverything(actor)) throw forbidden('AUDIT_LOG.FORBIDDEN', 'The audit log is for auditors and consortium admins');
    await this.readYourWrites.waitFor(consistencyToken);
    const page = await this.auditLogViews.page({ first: Math.min(Math.max(first, 1), 100), after: after ?? undefined, aggregateId: aggregateId ?? undefined });
    return {
      edges: page.nodes.map((node) => {
        const { transactionId, position } = decodeCheckpoint(node.checkpoint);
        return { cursor: encodeCursor([String(transactionId), String(position)]), node: { ...node, globalPosition: String(node.globalPosition) } };
      }),
      pageInfo: page.pageInfo,
    };
  }
}

/** A cell's agreements, read (once for the whole report) only when a client selects them. */
@Resolver(() => SocialSupportCell)
export class SocialSupportCellResolver {
  @ResolveField(() => [SocialSupportAgreement], { description: 'Only agreements the caller may see.' })
  agreements(@Parent() cell: SocialSupportCellReport): Promise<SocialSupportAgreement[]> {
    return cell.details();
  }

  @ResolveField(() => [SocialSupportAgreement], { description: 'The uncovered ones among `agreements`.' })
  async uncovered(@Parent() cell: SocialSupportCellReport): Promise<SocialSupportAgreement[]> {
    return (await cell.details()).filter((agreement) => !agreement.covered);
  }
}
