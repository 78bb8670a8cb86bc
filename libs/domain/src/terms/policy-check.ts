import { type Perspective, PERSPECTIVES } from '../category/perspective.js';
import type { PerspectiveRequirements, RequirementLevel } from '../policy-profile/policy-requirements.js';
import { endOf } from '../shared/validation.js';
import type { Clause } from './clause.js';
import { type ConfirmingMethod, meetsMinimum } from './confirmation-method.js';

/** How a perspective is covered, strongest first: a proper clause, a live substitution, a waiver. */
export type CoverageKind = 'CLAUSE' | 'SUBSTITUTION' | 'WAIVER';

/** One perspective's line of the check, for read models (category matrix, agreement view). */
export interface PerspectiveCoverage {
  perspective: Perspective;
  level: RequirementLevel;
  minimumMethod: ConfirmingMethod;
  covered: boolean;
  coveredBy: CoverageKind | null;
  /** Indexes of the clauses that provide the coverage of `coveredBy`. */
  clauseIndexes: number[];
  /** REQUIRED and not covered. */
  gap: boolean;
}

/** The check recorded with every version of terms; `missing` are the gaps, in perspective order. */
export interface PolicyCheckSummary {
  satisfied: boolean;
  missing: Perspective[];
}

export interface PolicyCheckReport extends PolicyCheckSummary {
  perspectives: PerspectiveCoverage[];
}

function indexesOf(clauses: readonly Clause[], test: (c: Clause) => boolean): number[] {
  const indexes: number[] = [];
  for (let index = 0; index < clauses.length; index++) if (test(clauses[index])) indexes.push(index);
  return indexes;
}

/**
 * The policy check (DOMAIN.md): every REQUIRED perspective is covered by a
 * clause of that perspective whose confirmation meets the minimum, or by a
 * clause of another perspective that substitutes for it and has not expired at
 * `now` (an `until` date is inclusive), or by a waiver clause of that
 * perspective. RECOMMENDED and NOT_REQUIRED perspectives are reported, never missing.
 */
export function policyCheck(clauses: readonly Clause[], requirements: PerspectiveRequirements, now: string): PolicyCheckReport {
  const nowMs = Date.parse(now);
  const perspectives = PERSPECTIVES.map((perspective): PerspectiveCoverage => {
    const { level, minimumMethod } = requirements[perspective];
    // Strongest kind first; a weaker kind is looked for only when no stronger one covers.
    const kinds: Array<[CoverageKind, (c: Clause) => boolean]> = [
      ['CLAUSE', (c) => c.perspective === perspective && meetsMinimum(c.confirmation.method, minimumMethod)],
      [
        'SUBSTITUTION',
        (c) => c.substitutesFor?.perspective === perspective && c.confirmation.method !== 'WAIVER' && nowMs < endOf(c.substitutesFor.until),
      ],
      ['WAIVER', (c) => c.perspective === perspective && c.confirmation.method === 'WAIVER'],
    ];
    let found: [CoverageKind, number[]] | undefined;
    for (const [kind, test] of kinds) {
      const indexes = indexesOf(clauses, test);
      if (indexes.length > 0) {
        found = [kind, indexes];
        break;
      }
    }
    const covered = found !== undefined;
    return {
      perspective,
      level,
      minimumMethod,
      covered,
      coveredBy: found ? found[0] : null,
      clauseIndexes: found ? found[1] : [],
      gap: level === 'REQUIRED' && !covered,
    };
  });
  const missing = perspectives.filter((p) => p.gap).map((p) => p.perspective);
  return { satisfied: missing.length === 0, missing, perspectives };
}
