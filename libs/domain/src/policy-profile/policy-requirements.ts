import type { Category } from '../category/category.js';
import { ALL_CATEGORIES, categoryKey, isCategory, sameCategory } from '../category/category.js';
import { isPerspective, type Perspective, PERSPECTIVES } from '../category/perspective.js';
import { type ConfirmingMethod, isConfirmingMethod } from '../terms/confirmation-method.js';

/** How strongly a profile asks for a perspective in a category. */
export const REQUIREMENT_LEVELS = ['REQUIRED', 'RECOMMENDED', 'NOT_REQUIRED'] as const;
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];

/** A perspective's requirement in one category; a clause covers it if its method meets the minimum. */
export interface PerspectiveRequirement {
  level: RequirementLevel;
  minimumMethod: ConfirmingMethod;
}

export type PerspectiveRequirements = Record<Perspective, PerspectiveRequirement>;

/** One cell of a profile: the requirements of the four perspectives in one category. */
export interface PolicyCell extends Category {
  perspectives: PerspectiveRequirements;
}

/** Which profile version an agreement runs under. */
export interface PolicyProfileRef {
  id: string;
  version: number;
}

export function isRequirementLevel(value: unknown): value is RequirementLevel {
  return (REQUIREMENT_LEVELS as readonly unknown[]).includes(value);
}

/** The requirements of a category in a profile's cells (a fresh copy). */
export function requirementsFor(cells: readonly PolicyCell[], category: Category): PerspectiveRequirements {
  const cell = cells.find((c) => sameCategory(c, category));
  if (!cell) throw new Error(`No policy cell for ${categoryKey(category)}`);
  return copyRequirements(cell.perspectives);
}

export function copyRequirements(requirements: PerspectiveRequirements): PerspectiveRequirements {
  return Object.fromEntries(
    PERSPECTIVES.map((p) => [p, { level: requirements[p].level, minimumMethod: requirements[p].minimumMethod }]),
  ) as PerspectiveRequirements;
}

/** Problems with a set of per-perspective requirements (empty when valid). */
export function perspectiveRequirementIssues(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [`${path}: must list the four perspectives`];
  const v = value as Record<string, Partial<PerspectiveRequirement> | undefined>;
  const issues = Object.keys(v)
    .filter((k) => !isPerspective(k))
    .map((k) => `${path}.${k}: not a perspective`);
  for (const p of PERSPECTIVES) {
    const req = v[p];
    if (!req || !isRequirementLevel(req.level)) issues.push(`${path}.${p}.level: must be REQUIRED, RECOMMENDED or NOT_REQUIRED`);
    if (!req || !isConfirmingMethod(req.minimumMethod)) issues.push(`${path}.${p}.minimumMethod: must be a confirmation method other than WAIVER`);
  }
  return issues;
}

/** Problems with a profile's cells: exactly the nine categories, each with the four perspectives. */
export function policyCellIssues(cells: unknown): string[] {
  if (!Array.isArray(cells)) return ['cells: must be a list of nine categories'];
  const issues: string[] = [];
  cells.forEach((cell, i) => {
    if (!isCategory(cell)) issues.push(`cells[${i}]: recovery/economic is not a category`);
    else issues.push(...perspectiveRequirementIssues((cell as PolicyCell).perspectives, `cells[${i}].perspectives`));
  });
  for (const category of ALL_CATEGORIES) {
    const count = cells.filter((c) => isCategory(c) && sameCategory(c, category)).length;
    if (count !== 1) issues.push(`cells: ${categoryKey(category)} appears ${count} times (exactly once expected)`);
  }
  return issues;
}

/** A fresh JSON copy of cells, in matrix order. */
export function copyCells(cells: readonly PolicyCell[]): PolicyCell[] {
  return ALL_CATEGORIES.map((category) => ({ ...category, perspectives: requirementsFor(cells, category) }));
}
