import { describe, expect, it } from '@jest/globals';
import { spec } from '../shared/decider-specification.js';
import { ACME, AUDIT, by, CONSORTIUM, METRO } from '../testing/fixtures.js';
import type { UseCaseCommand } from './use-case.commands.js';
import { useCaseDecider } from './use-case.decider.js';
import type { UseCaseEvent } from './use-case.events.js';
import type { UseCaseDetails } from './use-case.types.js';

const details: UseCaseDetails = {
  name: 'Autonomous tram braking',
  unit: 'FUNCTION',
  domain: 'TRANSPORTATION',
  formOfUse: { environment: 'Urban rail', role: 'Emergency braking', userSkills: 'Licensed drivers' },
  description: 'Automatic braking of a tram when an obstacle is detected.',
};
const registered: UseCaseEvent = { type: 'UseCaseRegistered', data: { useCaseId: 'uc-1', registeredBy: ACME, ...details } };
const retired: UseCaseEvent = { type: 'UseCaseRetired', data: { useCaseId: 'uc-1', reason: 'Replaced' } };
const register = (org = ACME, overrides: Partial<UseCaseDetails> = {}): UseCaseCommand => ({
  type: 'RegisterUseCase',
  data: { useCaseId: 'uc-1', ...details, ...overrides },
  metadata: by(org),
});
const revise = (org: string, changes: Partial<UseCaseDetails>): UseCaseCommand => ({
  type: 'ReviseUseCase',
  data: { useCaseId: 'uc-1', ...changes },
  metadata: by(org),
});
const retire = (org = ACME, reason = 'Replaced'): UseCaseCommand => ({
  type: 'RetireUseCase',
  data: { useCaseId: 'uc-1', reason },
  metadata: by(org),
});
const given = spec(useCaseDecider).given;

describe('UseCase', () => {
  describe('RegisterUseCase', () => {
    it('registers for the actor organization', () => given([]).when(register()).then([registered]));
    it('lets a consortium admin register', () =>
      given([]).when(register(CONSORTIUM)).then([{ ...registered, data: { ...registered.data, registeredBy: CONSORTIUM } }]));
    it('refuses auditors', () => given([]).when(register(AUDIT)).thenThrows('USE_CASE.FORBIDDEN'));
    it('refuses an existing id', () => given([registered]).when(register()).thenThrows('USE_CASE.ALREADY_REGISTERED'));
    it('refuses an unknown mapping unit', () =>
      given([]).when(register(ACME, { unit: 'PRODUCT' as never })).thenThrows('USE_CASE.INVALID', { field: 'unit' }));
    it('refuses an unknown domain', () =>
      given([]).when(register(ACME, { domain: 'SPACE' as never })).thenThrows('USE_CASE.INVALID', { field: 'domain' }));
    it('needs the form of use', () =>
      given([])
        .when(register(ACME, { formOfUse: { environment: 'x', role: '', userSkills: 'y' } }))
        .thenThrows('USE_CASE.INVALID', { field: 'formOfUse.role' }));
  });

  describe('ReviseUseCase', () => {
    it('decides nothing for an unchanged form of use recorded with its keys in another order (as jsonb returns them)', () => {
      const { environment, role, userSkills } = details.formOfUse;
      const reordered: UseCaseEvent = { ...registered, data: { ...registered.data, formOfUse: { userSkills, role, environment } } };
      return given([reordered]).when(revise(ACME, { formOfUse: { ...details.formOfUse } })).then([]);
    });
    it('records the full details and the changed fields', () =>
      given([registered])
        .when(revise(ACME, { domain: 'INDUSTRIAL', name: details.name }))
        .then([{ type: 'UseCaseRevised', data: { useCaseId: 'uc-1', changedFields: ['domain'], ...details, domain: 'INDUSTRIAL' } }]));
    it('decides nothing without a change', () => given([registered]).when(revise(ACME, { name: details.name })).then([]));
    it('lets a consortium admin revise', () =>
      given([registered]).when(revise(CONSORTIUM, { description: 'New' })).thenMatches((events) => expect(events.map((e) => e.type)).toEqual(['UseCaseRevised'])));
    it('refuses other organizations', () => given([registered]).when(revise(METRO, { name: 'x' })).thenThrows('USE_CASE.FORBIDDEN'));
    it('refuses an unknown use case', () => given([]).when(revise(ACME, { name: 'x' })).thenThrows('USE_CASE.NOT_FOUND'));
    it('refuses a retired use case', () => given([registered, retired]).when(revise(ACME, { name: 'x' })).thenThrows('USE_CASE.RETIRED'));
    it('refuses invalid values', () => given([registered]).when(revise(ACME, { name: ' ' })).thenThrows('USE_CASE.INVALID'));
  });

  describe('RetireUseCase', () => {
    it('retires', () => given([registered]).when(retire()).then([retired]));
    it('decides nothing when already retired', () => given([registered, retired]).when(retire()).then([]));
    it('refuses other organizations', () => given([registered]).when(retire(METRO)).thenThrows('USE_CASE.FORBIDDEN'));
    it('refuses an unknown use case', () => given([]).when(retire()).thenThrows('USE_CASE.NOT_FOUND'));
    it('needs a reason', () => given([registered]).when(retire(ACME, '')).thenThrows('USE_CASE.INVALID'));
  });
});
