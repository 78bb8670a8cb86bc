import type { Category } from '../category/category.js';
import type { PerspectiveRequirements, PolicyCell } from './policy-requirements.js';
import { requirementsFor } from './policy-requirements.js';

export interface PolicyProfileVersion {
  version: number;
  name: string;
  description: string;
  cells: PolicyCell[];
}

/** Every version is kept: agreements stay under the version they were opened with. */
export type PolicyProfileState =
  | { status: 'NONE' }
  | { status: 'DEFINED'; profileId: string; version: number; versions: PolicyProfileVersion[] };

/** The requirements of a category under one version of a profile, or null if that version does not exist. */
export function requirementsAt(
  state: PolicyProfileState,
  version: number,
  category: Category,
): PerspectiveRequirements | null {
  if (state.status === 'NONE') return null;
  const found = state.versions.find((v) => v.version === version);
  return found ? requirementsFor(found.cells, category) : null;
}
