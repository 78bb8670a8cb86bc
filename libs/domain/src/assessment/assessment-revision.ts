import type { EconomicImpact, RecoveryDifficulty } from '../category/axes.js';
import { isEconomicImpact, isRecoveryDifficulty } from '../category/axes.js';
import { DomainError } from '../shared/domain-error.js';
import { isNonEmptyString } from '../shared/validation.js';
import { type ImpactStatement, isImpactArea, isImpactAxis } from './impact.js';

/** The content of a revision as proposed (command input). */
export interface RevisionProposal {
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  impacts: ImpactStatement[];
  rationale: string;
  likelihoodNote?: string | null;
}

/** The content of a revision as recorded; an absent likelihood note is `null`. */
export interface RevisionContent {
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
  impacts: ImpactStatement[];
  rationale: string;
  likelihoodNote: string | null;
}

function invalid(field: string, reason: string): never {
  throw new DomainError('ASSESSMENT.INVALID', `${field}: ${reason}`, { field, reason });
}

/**
 * Validates a proposal. At least one impact statement is required: the category
 * must be argued from the harm an incident causes, not asserted. Likelihood is
 * kept apart as a note because the framework categorizes by impact only (3-2-1).
 */
export function validRevision(proposal: RevisionProposal): RevisionContent {
  if (!isRecoveryDifficulty(proposal.recovery)) invalid('recovery', 'must be LIMITED, SERIOUS or SEVERE');
  if (!isEconomicImpact(proposal.economic)) invalid('economic', 'must be LIMITED, SERIOUS or CATASTROPHIC');
  if (!Array.isArray(proposal.impacts) || proposal.impacts.length === 0) invalid('impacts', 'at least one impact statement');
  const impacts = proposal.impacts.map((impact, i) => {
    if (!isImpactArea(impact?.area)) invalid(`impacts[${i}].area`, 'is not an impact area');
    if (!isImpactAxis(impact.axis)) invalid(`impacts[${i}].axis`, 'must be RECOVERY or ECONOMIC');
    if (!isNonEmptyString(impact.description)) invalid(`impacts[${i}].description`, 'is required');
    return { area: impact.area, axis: impact.axis, description: impact.description.trim() };
  });
  if (!isNonEmptyString(proposal.rationale)) invalid('rationale', 'is required');
  const note = proposal.likelihoodNote;
  if (note !== undefined && note !== null && typeof note !== 'string') invalid('likelihoodNote', 'must be text');
  return {
    recovery: proposal.recovery,
    economic: proposal.economic,
    impacts,
    rationale: proposal.rationale.trim(),
    likelihoodNote: isNonEmptyString(note) ? note.trim() : null,
  };
}
