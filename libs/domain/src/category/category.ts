import {
  ECONOMIC_IMPACTS,
  type EconomicImpact,
  isEconomicImpact,
  isRecoveryDifficulty,
  RECOVERY_DIFFICULTIES,
  type RecoveryDifficulty,
} from './axes.js';

/** One of the nine cells of the IoT-SSF matrix (3-2-3). It belongs to a use case, not a product. */
export interface Category {
  recovery: RecoveryDifficulty;
  economic: EconomicImpact;
}

/** Stable textual key of a category, e.g. `SEVERE/CATASTROPHIC`. */
export type CategoryKey = `${RecoveryDifficulty}/${EconomicImpact}`;

/** The nine categories, bottom-left (LIMITED/LIMITED) first. */
export const ALL_CATEGORIES: readonly Category[] = RECOVERY_DIFFICULTIES.flatMap((recovery) =>
  ECONOMIC_IMPACTS.map((economic) => ({ recovery, economic })),
);

export function categoryKey(category: Category): CategoryKey {
  return `${category.recovery}/${category.economic}`;
}

/** Axis indexes (0..2 each); the default policy profile is written over them. */
export function categoryIndexes(category: Category): { r: number; e: number } {
  return { r: RECOVERY_DIFFICULTIES.indexOf(category.recovery), e: ECONOMIC_IMPACTS.indexOf(category.economic) };
}

export function sameCategory(a: Category | null, b: Category | null): boolean {
  if (a === null || b === null) return a === b;
  return a.recovery === b.recovery && a.economic === b.economic;
}

export function isCategory(value: unknown): value is Category {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isRecoveryDifficulty(v.recovery) && isEconomicImpact(v.economic);
}
