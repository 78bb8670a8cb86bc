import { DomainError } from '../shared/domain-error.js';
import { isNonEmptyString } from '../shared/validation.js';
import { type FormOfUse, isApplicabilityDomain, isMappingUnit, type UseCaseDetails } from './use-case.types.js';

function invalid(field: string, reason: string): never {
  throw new DomainError('USE_CASE.INVALID', `${field}: ${reason}`, { field, reason });
}

function text(value: unknown, field: string): string {
  if (!isNonEmptyString(value)) invalid(field, 'is required');
  return value.trim();
}

function formOfUse(value: unknown): FormOfUse {
  if (typeof value !== 'object' || value === null) invalid('formOfUse', 'is required');
  const v = value as Record<string, unknown>;
  return {
    environment: text(v.environment, 'formOfUse.environment'),
    role: text(v.role, 'formOfUse.role'),
    userSkills: text(v.userSkills, 'formOfUse.userSkills'),
  };
}

/** Validates and trims use case details (a plain JSON copy). */
export function validUseCaseDetails(details: UseCaseDetails): UseCaseDetails {
  if (!isMappingUnit(details.unit)) invalid('unit', 'must be DEVICE, SYSTEM or FUNCTION');
  if (!isApplicabilityDomain(details.domain)) invalid('domain', 'is not an applicability domain');
  return {
    name: text(details.name, 'name'),
    unit: details.unit,
    domain: details.domain,
    formOfUse: formOfUse(details.formOfUse),
    description: text(details.description, 'description'),
  };
}
