import type { UseCaseDetails } from './use-case.types.js';

export type UseCaseState =
  | { status: 'NONE' }
  | ({ status: 'ACTIVE' | 'RETIRED'; useCaseId: string; registeredBy: string } & UseCaseDetails);
