/** Agreement statuses (public enum `AgreementStatus`). */
export const AGREEMENT_STATUSES = [
  'NEGOTIATING',
  'CONCLUDED',
  'AMENDING',
  'REVIEW_REQUIRED',
  'WITHDRAWN',
  'TERMINATED',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Statuses in which nothing can change any more. */
export const CLOSED_AGREEMENT_STATUSES: readonly AgreementStatus[] = ['WITHDRAWN', 'TERMINATED'];
