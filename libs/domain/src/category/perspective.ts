/** Axis 3 (IoT-SSF 3-3): the four perspectives of security and safety requirements. */
export const PERSPECTIVES = ['BEFORE_OPERATION', 'DURING_OPERATION', 'OPERATOR_COMPETENCE', 'SOCIAL_SUPPORT'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

export function isPerspective(value: unknown): value is Perspective {
  return (PERSPECTIVES as readonly unknown[]).includes(value);
}
