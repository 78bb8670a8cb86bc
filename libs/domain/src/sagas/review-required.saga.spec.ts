import { describe, expect, it } from '@jest/globals';
import { AGREEMENT_STATUSES } from '../agreement/agreement-status.js';
import type { AssessmentAgreed } from '../assessment/assessment.events.js';
import type { Category } from '../category/category.js';
import { defaultRequirements } from '../policy-profile/default-policy-profile.js';
import { HIGH, LOW, NOW } from '../testing/fixtures.js';
import { reviewRequiredDecision, sagaActor } from './review-required.saga.js';

const agreed = (category: Category, previousCategory: Category | null): AssessmentAgreed => ({
  type: 'AssessmentAgreed',
  data: { assessmentId: 'asm-1', useCaseId: 'uc-1', revision: 3, category, previousCategory, participantIds: ['a', 'b'] },
});
const agreements = AGREEMENT_STATUSES.map((status, i) => ({ agreementId: `agr-${i}`, status, policyProfile: { id: 'default', version: 1 } }));
const metadata = { actor: sagaActor('review-required', 'consortium'), now: NOW };
const requirementsFor = (_profile: unknown, category: Category) => defaultRequirements(category);

describe('reviewRequiredDecision', () => {
  it('marks every live agreement for review when the agreed category changed', () => {
    const commands = reviewRequiredDecision({ event: agreed(HIGH, LOW), agreements, requirementsFor, metadata });
    expect(commands.map((c) => [c.data.agreementId, agreements.find((a) => a.agreementId === c.data.agreementId)?.status])).toEqual([
      ['agr-0', 'NEGOTIATING'],
      ['agr-1', 'CONCLUDED'],
      ['agr-2', 'AMENDING'],
      ['agr-3', 'REVIEW_REQUIRED'],
    ]);
    expect(commands[0]).toEqual({
      type: 'MarkForReview',
      data: { agreementId: 'agr-0', assessmentId: 'asm-1', assessmentRevision: 3, newCategory: HIGH, requirements: defaultRequirements(HIGH) },
      metadata,
    });
  });

  it('decides nothing for a first agreement or an unchanged category', () => {
    expect(reviewRequiredDecision({ event: agreed(HIGH, null), agreements, requirementsFor, metadata })).toEqual([]);
    expect(reviewRequiredDecision({ event: agreed(HIGH, { ...HIGH }), agreements, requirementsFor, metadata })).toEqual([]);
  });

  it('asks for the requirements under each agreement own profile version', () => {
    const seen: string[] = [];
    reviewRequiredDecision({
      event: agreed(HIGH, LOW),
      agreements: [{ agreementId: 'x', status: 'CONCLUDED', policyProfile: { id: 'rail', version: 4 } }],
      requirementsFor: (profile, category) => {
        seen.push(`${profile.id}@${profile.version}:${category.recovery}/${category.economic}`);
        return defaultRequirements(category);
      },
      metadata,
    });
    expect(seen).toEqual(['rail@4:SEVERE/CATASTROPHIC']);
  });
});
