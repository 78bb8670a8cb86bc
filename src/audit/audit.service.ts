import { Inject, Injectable } from '@nestjs/common';
import {
  diffTerms,
  type Actor,
  type AgreementState,
  type AgreementTermsProposed,
  type AssessmentState,
  type Clause as DomainClause,
  type OpenedAgreement,
  type OpenedAssessment,
} from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { assertMaySeeAgreement, assertMaySeeAssessment } from '../application/access-policy.js';
import { viewerOf } from '../graphql/viewer.js';
import { AssessmentQueries } from '../read-models/index.js';
import { AggregateCommands } from '../application/aggregate-commands.service.js';
import { badInput, notFound } from '../application/application-error.js';
import { streamOf } from '../application/streams.js';
import { toClause } from '../agreements/agreement.types.js';
import type { HistoryEvent, HistoryVerification, TermsDiff } from './history.types.js';
import { StreamSnapshots } from './stream-snapshots.js';
import { AGREEMENT_TIME_TRAVEL, ASSESSMENT_TIME_TRAVEL, TimeTravelReader } from './time-travel.js';

const HISTORY_PAGE_MAX = 1_000;

/**
 * Audit and time travel: everything here folds or verifies the event streams themselves, never
 * the read models, so an auditor sees exactly what was recorded.
 */
@Injectable()
export class AuditService {
  private readonly agreements: TimeTravelReader<AgreementState>;
  private readonly assessments: TimeTravelReader<AssessmentState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly aggregates: AggregateCommands,
    private readonly assessmentViews: AssessmentQueries,
    snapshots: StreamSnapshots,
  ) {
    this.agreements = new TimeTravelReader(store, snapshots, AGREEMENT_TIME_TRAVEL);
    this.assessments = new TimeTravelReader(store, snapshots, ASSESSMENT_TIME_TRAVEL);
  }

  async history(actor: Actor, id: string, fromRevision = 0, limit = HISTORY_PAGE_MAX): Promise<HistoryEvent[]> {
    const stream = await this.visibleStream(actor, id);
    const toRevision = fromRevision + Math.min(Math.max(limit, 1), HISTORY_PAGE_MAX) - 1;
    const events = await this.store.readStream(stream, { fromRevision, toRevision });
    return events.map(toHistoryEvent);
  }

  async verify(actor: Actor, id: string): Promise<HistoryVerification> {
    const stream = await this.visibleStream(actor, id);
    return this.store.verifyStream(stream);
  }

  /**
   * The agreement as it stood at `asOf`, or while `version` was the newest version of its terms:
   * exactly what folding its events from the first one gives (see TimeTravelReader), read from
   * the nearest snapshot. The same read gives the state now, for the access check.
   */
  async agreementAt(actor: Actor, id: string, at: { asOf?: Date | null; version?: number | null }): Promise<OpenedAgreement> {
    const version = at.version ?? null;
    const { current, at: state } = await this.agreements.read(streamOf('agreement', id), { asOf: validTime(at.asOf), version });
    if (current.status === 'NONE') throw notFound('agreement', id);
    assertMaySeeAgreement(actor, current);
    if (version !== null && (version < 1 || version > current.latestVersion)) badInputVersion(version, current.latestVersion);
    if (state.status === 'NONE') throw notFound('agreement at that time', id);
    return state;
  }

  async assessmentAt(actor: Actor, id: string, asOf: Date): Promise<OpenedAssessment> {
    const { current, at: state } = await this.assessments.read(streamOf('assessment', id), { asOf: validTime(asOf), version: null });
    if (current.status === 'NONE') throw notFound('assessment', id);
    await this.assertMaySeeAssessmentDetails(actor, id, current);
    if (state.status === 'NONE') throw notFound('assessment at that time', id);
    return state;
  }

  async termsDiff(actor: Actor, agreementId: string, fromVersion: number, toVersion: number): Promise<TermsDiff> {
    const current = await this.aggregates.load('agreement', agreementId);
    if (current.status === 'NONE') throw notFound('agreement', agreementId);
    assertMaySeeAgreement(actor, current);
    const events = await this.store.readStream(streamOf('agreement', agreementId));
    const clausesOf = (version: number, field: string): DomainClause[] => {
      const proposed = events.find(
        (event) => event.type === 'AgreementTermsProposed' && (event.data as AgreementTermsProposed['data']).version === version,
      );
      if (!proposed) throw badInput(field, `version ${version} was never proposed (latest is ${current.latestVersion})`);
      return (proposed.data as AgreementTermsProposed['data']).clauses;
    };
    const before = clausesOf(fromVersion, 'from');
    const after = clausesOf(toVersion, 'to');
    const diff = diffTerms(before, after);
    return {
      fromVersion,
      toVersion,
      added: diff.added.map((clause) => toClause(clause, indexIn(after, clause))),
      removed: diff.removed.map((clause) => toClause(clause, indexIn(before, clause))),
      changed: diff.changed.map((change) => ({
        key: change.key,
        before: toClause(change.before, indexIn(before, change.before)),
        after: toClause(change.after, indexIn(after, change.after)),
        fields: [...change.fields],
      })),
      unchangedCount: diff.unchangedCount,
    };
  }

  /**
   * An assessment's details are for its participants and for the parties of agreements opened on
   * it (DOMAIN.md: an agreement and its assessment). Which agreements exist comes from the read model.
   */
  private async assertMaySeeAssessmentDetails(actor: Actor, id: string, assessment: OpenedAssessment): Promise<void> {
    try {
      assertMaySeeAssessment(actor, assessment);
    } catch (refusal) {
      const view = await this.assessmentViews.byId(id, viewerOf(actor));
      if (!view?.visible) throw refusal;
    }
  }

  /** Agreements and assessments share one id space in the API: find which one the id names. */
  private async visibleStream(actor: Actor, id: string): Promise<string> {
    const agreement = await this.aggregates.load('agreement', id);
    if (agreement.status !== 'NONE') {
      assertMaySeeAgreement(actor, agreement);
      return streamOf('agreement', id);
    }
    const assessment = await this.aggregates.load('assessment', id);
    if (assessment.status !== 'NONE') {
      await this.assertMaySeeAssessmentDetails(actor, id, assessment);
      return streamOf('assessment', id);
    }
    throw notFound('assessment or agreement', id);
  }
}

function indexIn(clauses: DomainClause[], clause: DomainClause): number {
  return clauses.indexOf(clause);
}

function validTime(asOf: Date | null | undefined): Date | null {
  if (asOf === null || asOf === undefined) return null;
  if (Number.isNaN(asOf.getTime())) throw badInput('asOf', 'not a valid time');
  return asOf;
}

function badInputVersion(version: number, latest: number): never {
  throw badInput('version', `version ${version} does not exist (latest is ${latest})`);
}

function toHistoryEvent(event: RecordedEvent): HistoryEvent {
  return {
    eventId: event.eventId,
    revision: event.revision,
    globalPosition: String(event.globalPosition),
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: { subject: event.metadata.actor.subject, organizationId: event.metadata.actor.organizationId, roles: [...event.metadata.actor.roles] },
    data: event.data,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}
