/**
 * How a clause is confirmed (public enum `ConfirmationMethod`). `WAIVER` is not a
 * confirmation but marks a clause that waives its perspective with a justification.
 */
export const CONFIRMATION_METHODS = [
  'SELF_DECLARATION',
  'THIRD_PARTY_CERTIFICATION',
  'SELF_INSPECTION',
  'THIRD_PARTY_INSPECTION',
  'LICENSE',
  'TRAINING_RECORD',
  'INFORMATION_PROVISION',
  'INSURANCE_POLICY',
  'COMPENSATION_SCHEME',
  'WAIVER',
] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

/** Methods that confirm something (a policy minimum is always one of these). */
export type ConfirmingMethod = Exclude<ConfirmationMethod, 'WAIVER'>;

/** Methods in which an independent body confirms, so segregation of duties applies. */
export const THIRD_PARTY_METHODS: readonly ConfirmationMethod[] = ['THIRD_PARTY_CERTIFICATION', 'THIRD_PARTY_INSPECTION'];

/**
 * "Meets the minimum" (our ordering; the framework names the methods but ranks none).
 * Each method meets itself and the methods listed for it:
 * - third-party certification meets self-declaration (3-3-1: objectivity of confirmation);
 * - third-party inspection meets self-inspection (3-3-2: voluntary or third-party inspection);
 * - a license meets a training record (3-3-3: the driver's license example);
 * - an insurance policy and a compensation scheme meet each other: both are the
 *   safety net of 3-3-4, and which one fits is a consortium's choice.
 * Nothing crosses families: certification before operation says nothing about
 * inspections during it. Information provision meets only itself.
 */
const MEETS: Record<ConfirmingMethod, readonly ConfirmingMethod[]> = {
  SELF_DECLARATION: [],
  THIRD_PARTY_CERTIFICATION: ['SELF_DECLARATION'],
  SELF_INSPECTION: [],
  THIRD_PARTY_INSPECTION: ['SELF_INSPECTION'],
  TRAINING_RECORD: [],
  LICENSE: ['TRAINING_RECORD'],
  INFORMATION_PROVISION: [],
  INSURANCE_POLICY: ['COMPENSATION_SCHEME'],
  COMPENSATION_SCHEME: ['INSURANCE_POLICY'],
};

/** Whether a clause confirmed by `method` satisfies a requirement whose minimum is `minimum`. */
export function meetsMinimum(method: ConfirmationMethod, minimum: ConfirmingMethod): boolean {
  if (method === 'WAIVER') return false;
  return method === minimum || MEETS[method].includes(minimum);
}

export function isConfirmationMethod(value: unknown): value is ConfirmationMethod {
  return (CONFIRMATION_METHODS as readonly unknown[]).includes(value);
}

export function isConfirmingMethod(value: unknown): value is ConfirmingMethod {
  return isConfirmationMethod(value) && value !== 'WAIVER';
}
