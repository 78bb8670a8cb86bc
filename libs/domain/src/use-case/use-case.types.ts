/** The unit mapped onto the matrix is chosen freely (IoT-SSF 3-2-3). */
export const MAPPING_UNITS = ['DEVICE', 'SYSTEM', 'FUNCTION'] as const;
export type MappingUnit = (typeof MAPPING_UNITS)[number];

/** Domains of applicability, as in the NTIA catalog. */
export const APPLICABILITY_DOMAINS = ['TRANSPORTATION', 'MEDICAL', 'INDUSTRIAL', 'ENTERPRISE', 'CONSUMER'] as const;
export type ApplicabilityDomain = (typeof APPLICABILITY_DOMAINS)[number];

/** The form of use that decides the category of the same device (environment, role, users' skills). */
export interface FormOfUse {
  environment: string;
  role: string;
  userSkills: string;
}

/** What a use case says about itself. */
export interface UseCaseDetails {
  name: string;
  unit: MappingUnit;
  domain: ApplicabilityDomain;
  formOfUse: FormOfUse;
  description: string;
}

export function isMappingUnit(value: unknown): value is MappingUnit {
  return (MAPPING_UNITS as readonly unknown[]).includes(value);
}

export function isApplicabilityDomain(value: unknown): value is ApplicabilityDomain {
  return (APPLICABILITY_DOMAINS as readonly unknown[]).includes(value);
}
