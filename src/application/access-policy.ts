import { hasRole, type Actor, type OpenedAgreement, type OpenedAssessment } from '@app/domain';
import { forbidden } from './application-error.js';

/** Auditors read everything (history included) and consortium admins administer: both see all details. */
export function seesEverything(actor: Actor): boolean {
  return hasRole(actor, 'auditor') || hasRole(actor, 'consortium_admin');
}

/**
 * Details of an agreement are for its parties, auditors and admins. A party that withdrew no longer
 * sees what is negotiated after it left. Refused as FORBIDDEN, never with data.
 */
export function assertMaySeeAgreement(actor: Actor, agreement: Pick<OpenedAgreement, 'parties'>): void {
  if (seesEverything(actor) || agreement.parties.includes(actor.organizationId)) return;
  throw forbidden('AGREEMENT.NOT_VISIBLE', 'Only the parties of an agreement, auditors and consortium admins see it');
}

export function assertMaySeeAssessment(actor: Actor, assessment: Pick<OpenedAssessment, 'participantIds'>): void {
  if (seesEverything(actor) || assessment.participantIds.includes(actor.organizationId)) return;
  throw forbidden('ASSESSMENT.NOT_VISIBLE', 'Only the participants of an assessment, auditors and consortium admins see it');
}
