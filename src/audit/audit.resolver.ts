import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../graphql/current-actor.decorator.js';
import { AuditService } from './audit.service.js';
import { HistoryEvent, HistoryVerification, TermsDiff } from './history.types.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [HistoryEvent], { description: "The events of an assessment's or agreement's stream, in order, with actor, time and hashes." })
  history(
    @Args('id', { type: () => ID }) id: string,
    @Args('fromRevision', { type: () => Int, nullable: true, defaultValue: 0 }) fromRevision: number,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 1000 }) limit: number,
    @CurrentActor() actor: Actor,
  ): Promise<HistoryEvent[]> {
    return this.audit.history(actor, id, Math.max(0, fromRevision), limit);
  }

  @Query(() => HistoryVerification, { description: "Recomputes the stream's hash chain and names the first broken revision." })
  verifyHistory(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<HistoryVerification> {
    return this.audit.verify(actor, id);
  }

  @Query(() => TermsDiff, { description: 'Clauses added, removed and changed between two versions of the terms.' })
  termsDiff(
    @Args('agreementId', { type: () => ID }) agreementId: string,
    @Args('from', { type: () => Int }) from: number,
    @Args('to', { type: () => Int }) to: number,
    @CurrentActor() actor: Actor,
  ): Promise<TermsDiff> {
    return this.audit.termsDiff(actor, agreementId, from, to);
  }
}
