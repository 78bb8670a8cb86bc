import { sameCategory, type AgreementOpened, type AssessmentAgreed } from '@app/domain';
import type { RecordedEvent, SqlExecutor } from '@app/event-store';
import type { Projection } from '../projections/projection.js';

/**
 * First half of the review-required saga: remembers which agreements an assessment has, and turns
 * every change of an agreed category into a task. Runs in the projection runner, so the tasks are
 * written in the same transaction as the checkpoint: none is lost, none is recorded twice.
 */
export const reviewRequiredProjection: Projection = {
  name: 'saga-review-required',
  eventTypes: ['AgreementOpened', 'AssessmentAgreed'],
  tables: ['review_saga_tasks', 'review_saga_agreements'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const opened = events.filter((event) => event.type === 'AgreementOpened').map((event) => (event.data as AgreementOpened['data']));
    if (opened.length > 0) {
      await tx.query(
        `INSERT INTO review_saga_agreements (assessment_id, agreement_id)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT DO NOTHING`,
        [opened.map((data) => data.assessmentId), opened.map((data) => data.agreementId)],
      );
    }
    const changes = events.filter((event) => {
      if (event.type !== 'AssessmentAgreed') return false;
      const data = event.data as AssessmentAgreed['data'];
      return data.previousCategory !== null && !sameCategory(data.previousCategory, data.category);
    });
    if (changes.length > 0) {
      await tx.query(
        `INSERT INTO review_saga_tasks (event_id, assessment_id, event_data, correlation_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[])
         ON CONFLICT (event_id) DO NOTHING`,
        [
          changes.map((event) => event.eventId),
          changes.map((event) => (event.data as AssessmentAgreed['data']).assessmentId),
          changes.map((event) => JSON.stringify(event.data)),
          changes.map((event) => event.metadata.correlationId),
        ],
      );
    }
  },
};
