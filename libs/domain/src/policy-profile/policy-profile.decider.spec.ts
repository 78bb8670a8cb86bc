import { describe, expect, it } from '@jest/globals';
import { fold } from '../shared/decider.js';
import { spec } from '../shared/decider-specification.js';
import { ACME, by, CONSORTIUM, HIGH, LOW } from '../testing/fixtures.js';
import { DEFAULT_POLICY_PROFILE, defaultPolicyCells } from './default-policy-profile.js';
import type { PolicyProfileCommand } from './policy-profile.commands.js';
import { policyProfileDecider } from './policy-profile.decider.js';
import type { PolicyProfileEvent } from './policy-profile.events.js';
import { requirementsAt } from './policy-profile.state.js';
import type { PolicyCell } from './policy-requirements.js';

const define = (metadata = by(CONSORTIUM), cells: PolicyCell[] = defaultPolicyCells()): PolicyProfileCommand => ({
  type: 'DefinePolicyProfile',
  data: { profileId: 'default', name: DEFAULT_POLICY_PROFILE.name, description: DEFAULT_POLICY_PROFILE.description, cells },
  metadata,
});
const defined: PolicyProfileEvent = {
  type: 'PolicyProfileDefined',
  data: { profileId: 'default', version: 1, name: DEFAULT_POLICY_PROFILE.name, description: DEFAULT_POLICY_PROFILE.description, cells: defaultPolicyCells() },
};
/** Stricter: third-party inspection everywhere during operation. */
const stricter = (): PolicyCell[] =>
  defaultPolicyCells().map((c) => ({ ...c, perspectives: { ...c.perspectives, DURING_OPERATION: { level: 'REQUIRED', minimumMethod: 'THIRD_PARTY_INSPECTION' } } }));
const revise = (baseVersion: number, cells = stricter(), metadata = by(CONSORTIUM)): PolicyProfileCommand => ({
  type: 'RevisePolicyProfile',
  data: { profileId: 'default', baseVersion, cells },
  metadata,
});
const given = spec(policyProfileDecider).given;

describe('PolicyProfile', () => {
  describe('DefinePolicyProfile', () => {
    it('defines version 1', () => given([]).when(define()).then([defined]));
    it('is for consortium admins only', () => given([]).when(define(by(ACME))).thenThrows('POLICY_PROFILE.FORBIDDEN'));
    it('refuses an existing id', () => given([defined]).when(define()).thenThrows('POLICY_PROFILE.ALREADY_DEFINED'));
    it('needs all nine categories once', () => {
      given([]).when(define(by(CONSORTIUM), defaultPolicyCells().slice(1))).thenThrows('POLICY_PROFILE.INVALID');
      given([]).when(define(by(CONSORTIUM), [...defaultPolicyCells(), defaultPolicyCells()[0]])).thenThrows('POLICY_PROFILE.INVALID');
    });
    it('refuses WAIVER as a minimum method', () => {
      const cells = defaultPolicyCells();
      cells[0] = { ...cells[0], perspectives: { ...cells[0].perspectives, SOCIAL_SUPPORT: { level: 'REQUIRED', minimumMethod: 'WAIVER' as never } } };
      given([]).when(define(by(CONSORTIUM), cells)).thenThrows('POLICY_PROFILE.INVALID');
    });
  });

  describe('RevisePolicyProfile', () => {
    it('publishes the next version and keeps the earlier ones', () => {
      given([defined])
        .when(revise(1))
        .then([{ type: 'PolicyProfileRevised', data: { ...defined.data, version: 2, cells: stricter() } }]);
      const state = fold(policyProfileDecider, [defined, ...policyProfileDecider.decide(revise(1), fold(policyProfileDecider, [defined]))]);
      expect(requirementsAt(state, 1, HIGH)?.DURING_OPERATION.minimumMethod).toBe('SELF_INSPECTION');
      expect(requirementsAt(state, 2, LOW)?.DURING_OPERATION).toEqual({ level: 'REQUIRED', minimumMethod: 'THIRD_PARTY_INSPECTION' });
      expect(requirementsAt(state, 3, LOW)).toBeNull();
    });
    it('refuses a stale base version', () =>
      given([defined]).when(revise(0)).thenThrows('POLICY_PROFILE.VERSION_SUPERSEDED', { currentVersion: 1 }));
    it('refuses an unknown profile', () => given([]).when(revise(1)).thenThrows('POLICY_PROFILE.NOT_FOUND'));
    it('is for consortium admins only', () => given([defined]).when(revise(1, stricter(), by(ACME))).thenThrows('POLICY_PROFILE.FORBIDDEN'));
    it('refuses invalid cells', () => given([defined]).when(revise(1, [])).thenThrows('POLICY_PROFILE.INVALID'));
  });
});
