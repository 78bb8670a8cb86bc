import type { Projection } from '../projections/projection.js';
import { agreementProjection } from './projections/agreement.projection.js';
import { assessmentProjection } from './projections/assessment.projection.js';
import { auditLogProjection } from './projections/audit-log.projection.js';
import { organizationProjection, policyProfileProjection, useCaseProjection } from './projections/simple-views.projection.js';

/** Every read-model projection, for the runner (API process, projector CLI, rebuild CLI). */
export function allProjections(): Projection[] {
  return [
    organizationProjection,
    useCaseProjection,
    policyProfileProjection,
    assessmentProjection,
    agreementProjection,
    auditLogProjection,
  ];
}

export {
  agreementProjection,
  assessmentProjection,
  auditLogProjection,
  organizationProjection,
  policyProfileProjection,
  useCaseProjection,
};
