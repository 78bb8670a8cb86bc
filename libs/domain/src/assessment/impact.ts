/** What an incident harms (IoT-SSF 3-2). */
export const IMPACT_AREAS = [
  'LIFE_AND_BODY',
  'PRIVACY_AND_HONOR',
  'ASSETS',
  'LIVING_ENVIRONMENT',
  'ECONOMIC_ACTIVITY',
  'REPUTATION',
] as const;
export type ImpactArea = (typeof IMPACT_AREAS)[number];

/** Which axis an impact statement informs. */
export const IMPACT_AXES = ['RECOVERY', 'ECONOMIC'] as const;
export type ImpactAxis = (typeof IMPACT_AXES)[number];

export interface ImpactStatement {
  area: ImpactArea;
  axis: ImpactAxis;
  description: string;
}

/** Assessment statuses (public enum `AssessmentStatus`). */
export const ASSESSMENT_STATUSES = ['OPEN', 'AGREED'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export function isImpactArea(value: unknown): value is ImpactArea {
  return (IMPACT_AREAS as readonly unknown[]).includes(value);
}

export function isImpactAxis(value: unknown): value is ImpactAxis {
  return (IMPACT_AXES as readonly unknown[]).includes(value);
}
