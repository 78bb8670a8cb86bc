import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  requirementsAt,
  reviewRequiredDecision,
  sagaActor,
  type AgreementUnderAssessment,
  type AssessmentAgreed,
  type Category,
  type PolicyProfileRef,
  type PolicyProfileState,
} from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { AggregateCommands } from '../application/aggregate-commands.service.js';
import { SQL_DATABASE } from '../infrastructure/storage.module.js';

const SAGA = 'review-required';
const SAGA_ORGANIZATION = 'consortium';

/**
 * Second half of the review-required saga: for each pending task, marks every live agreement of
 * the assessment for review. Commands carry a key derived from the triggering event, so a task
 * processed twice (a crash before it was marked done, two processes) records nothing twice.
 */
@Injectable()
export class ReviewRequiredProcessor {
  private readonly logger = new Logger(ReviewRequiredProcessor.name);

  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    private readonly aggregates: AggregateCommands,
  ) {}

  /** Processes up to `limit` pending tasks; answers how many were completed. */
  async processPending(limit = 50): Promise<number> {
    const { rows } = await this.database.query<{ event_id: string; assessment_id: string; event_data: AssessmentAgreed['data']; correlation_id: string }>(
      `SELECT event_id::text AS event_id, assessment_id, event_data, correlation_id
       FROM review_saga_tasks WHERE done_at IS NULL ORDER BY created_at, event_id LIMIT $1`,
      [limit],
    );
    let completed = 0;
    for (const task of rows) {
      try {
        await this.process(task.event_id, task.assessment_id, task.event_data, task.correlation_id);
        await this.database.query(`UPDATE review_saga_tasks SET done_at = now(), attempts = attempts + 1, last_error = NULL WHERE event_id = $1`, [task.event_id]);
        completed += 1;
      } catch (error) {
        this.logger.error({ err: error, eventId: task.event_id }, 'review-required task failed; it will be retried');
        await this.database.query(`UPDATE review_saga_tasks SET attempts = attempts + 1, last_error = $2 WHERE event_id = $1`, [
          task.event_id,
          (error as Error).message.slice(0, 1_000),
        ]);
      }
    }
    return completed;
  }

  private async process(eventId: string, assessmentId: string, data: AssessmentAgreed['data'], correlationId: string): Promise<void> {
    const { rows } = await this.database.query<{ agreement_id: string }>(
      `SELECT agreement_id FROM review_saga_agreements WHERE assessment_id = $1 ORDER BY agreement_id`,
      [assessmentId],
    );
    const agreements: AgreementUnderAssessment[] = [];
    for (const { agreement_id: agreementId } of rows) {
      const state = await this.aggregates.load('agreement', agreementId);
      if (state.status !== 'NONE') agreements.push({ agreementId, status: state.status, policyProfile: state.policyProfile });
    }
    const profiles = new Map<string, PolicyProfileState>();
    for (const agreement of agreements) {
      if (!profiles.has(agreement.policyProfile.id)) {
        profiles.set(agreement.policyProfile.id, await this.aggregates.load('policyProfile', agreement.policyProfile.id));
      }
    }
    const requirementsFor = (profile: PolicyProfileRef, category: Category) => {
      const requirements = requirementsAt(profiles.get(profile.id) ?? { status: 'NONE' }, profile.version, category);
      if (!requirements) throw new Error(`Policy profile ${profile.id}@${profile.version} is missing`);
      return requirements;
    };
    const now = new Date().toISOString();
    const actor = sagaActor(SAGA, SAGA_ORGANIZATION);
    const commands = reviewRequiredDecision({
      event: { type: 'AssessmentAgreed', data },
      agreements,
      requirementsFor,
      metadata: { actor, now },
    });
    for (const command of commands) {
      await this.aggregates.execute('agreement', command.data.agreementId, () => command, {
        actor,
        now,
        idempotencyKey: `saga/${SAGA}/${eventId}/${command.data.agreementId}`,
        correlationId,
        causationId: eventId,
      }, { recomputeOnConflict: true });
    }
  }
}
