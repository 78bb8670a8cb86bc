/** Axis 1 (IoT-SSF 3-2-1): difficulty of recovery from an incident. */
export const RECOVERY_DIFFICULTIES = ['LIMITED', 'SERIOUS', 'SEVERE'] as const;
export type RecoveryDifficulty = (typeof RECOVERY_DIFFICULTIES)[number];

/** Axis 2 (IoT-SSF 3-2-2): economic impact of an incident in monetary value. */
export const ECONOMIC_IMPACTS = ['LIMITED', 'SERIOUS', 'CATASTROPHIC'] as const;
export type EconomicImpact = (typeof ECONOMIC_IMPACTS)[number];

export function isRecoveryDifficulty(value: unknown): value is RecoveryDifficulty {
  return (RECOVERY_DIFFICULTIES as readonly unknown[]).includes(value);
}

export function isEconomicImpact(value: unknown): value is EconomicImpact {
  return (ECONOMIC_IMPACTS as readonly unknown[]).includes(value);
}
