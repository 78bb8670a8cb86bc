import { ALL_CATEGORIES, type Category, categoryIndexes } from '../category/category.js';
import type { PerspectiveRequirements, PolicyCell, RequirementLevel } from './policy-requirements.js';

export const DEFAULT_POLICY_PROFILE_ID = 'default';

const level = (required: boolean, recommended: boolean): RequirementLevel =>
  required ? 'REQUIRED' : recommended ? 'RECOMMENDED' : 'NOT_REQUIRED';

/**
 * The default requirements of one category, written from DOMAIN.md's formulas
 * (r = recovery index, e = economic index, 0..2). Where DOMAIN.md names no
 * minimum we chose the baseline method of the perspective, raised where the
 * framework's car example calls for more: a license where life is at stake.
 */
export function defaultRequirements(category: Category): PerspectiveRequirements {
  const { r, e } = categoryIndexes(category);
  return {
    BEFORE_OPERATION: {
      level: 'REQUIRED',
      minimumMethod: r + e >= 3 ? 'THIRD_PARTY_CERTIFICATION' : 'SELF_DECLARATION',
    },
    DURING_OPERATION: { level: level(r + e >= 2, r + e === 1), minimumMethod: 'SELF_INSPECTION' },
    OPERATOR_COMPETENCE: { level: level(r === 2, r === 1), minimumMethod: r === 2 ? 'LICENSE' : 'TRAINING_RECORD' },
    SOCIAL_SUPPORT: { level: level(e === 2 || (r === 2 && e >= 1), e === 1), minimumMethod: 'INSURANCE_POLICY' },
  };
}

/** The nine cells of the default profile. */
export function defaultPolicyCells(): PolicyCell[] {
  return ALL_CATEGORIES.map((category) => ({ ...category, perspectives: defaultRequirements(category) }));
}

/** The illustrative default profile, as the first `DefinePolicyProfile` of a fresh installation would carry it. */
export const DEFAULT_POLICY_PROFILE = {
  profileId: DEFAULT_POLICY_PROFILE_ID,
  name: 'Illustrative default profile',
  description:
    'Illustrative default of this platform, ours and not METI\'s: the IoT Security Safety Framework sets no mandatory ' +
    'rules (1-2), so a consortium replaces this profile with its own. Before operation is required everywhere ' +
    '(third-party certification where recovery + economic index >= 3); during operation where the sum >= 2; ' +
    'operator competence (a license) where recovery is SEVERE; social support (insurance) where the economic impact ' +
    'is CATASTROPHIC or recovery is SEVERE with at least SERIOUS economic impact.',
  cells: defaultPolicyCells(),
} as const;
