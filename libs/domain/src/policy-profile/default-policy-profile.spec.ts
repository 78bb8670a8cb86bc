import { describe, expect, it } from '@jest/globals';
import { ALL_CATEGORIES } from '../category/category.js';
import { PERSPECTIVES } from '../category/perspective.js';
import { DEFAULT_POLICY_PROFILE, defaultPolicyCells, defaultRequirements } from './default-policy-profile.js';
import { policyCellIssues } from './policy-requirements.js';

const cell = (recovery: string, economic: string) =>
  Object.fromEntries(
    PERSPECTIVES.map((p) => {
      const r = defaultRequirements({ recovery, economic } as never)[p];
      return [p, `${r.level}/${r.minimumMethod}`];
    }),
  );

describe('default policy profile', () => {
  it('is a valid profile of the nine categories, labelled as ours', () => {
    expect(policyCellIssues(defaultPolicyCells())).toEqual([]);
    expect(defaultPolicyCells()).toHaveLength(ALL_CATEGORIES.length);
    expect(DEFAULT_POLICY_PROFILE.profileId).toBe('default');
    expect(DEFAULT_POLICY_PROFILE.description).toMatch(/ours and not METI's/);
  });

  it('LIMITED/LIMITED: only before operation, by self-declaration', () => {
    expect(cell('LIMITED', 'LIMITED')).toEqual({
      BEFORE_OPERATION: 'REQUIRED/SELF_DECLARATION',
      DURING_OPERATION: 'NOT_REQUIRED/SELF_INSPECTION',
      OPERATOR_COMPETENCE: 'NOT_REQUIRED/TRAINING_RECORD',
      SOCIAL_SUPPORT: 'NOT_REQUIRED/INSURANCE_POLICY',
    });
  });

  it('SERIOUS/LIMITED (r+e = 1): during operation and competence recommended', () => {
    expect(cell('SERIOUS', 'LIMITED')).toEqual({
      BEFORE_OPERATION: 'REQUIRED/SELF_DECLARATION',
      DURING_OPERATION: 'RECOMMENDED/SELF_INSPECTION',
      OPERATOR_COMPETENCE: 'RECOMMENDED/TRAINING_RECORD',
      SOCIAL_SUPPORT: 'NOT_REQUIRED/INSURANCE_POLICY',
    });
  });

  it('LIMITED/SERIOUS: social support recommended', () => {
    expect(cell('LIMITED', 'SERIOUS')).toMatchObject({ DURING_OPERATION: 'RECOMMENDED/SELF_INSPECTION', SOCIAL_SUPPORT: 'RECOMMENDED/INSURANCE_POLICY' });
  });

  it('LIMITED/CATASTROPHIC (r+e = 2): social support required, self-declaration still enough', () => {
    expect(cell('LIMITED', 'CATASTROPHIC')).toEqual({
      BEFORE_OPERATION: 'REQUIRED/SELF_DECLARATION',
      DURING_OPERATION: 'REQUIRED/SELF_INSPECTION',
      OPERATOR_COMPETENCE: 'NOT_REQUIRED/TRAINING_RECORD',
      SOCIAL_SUPPORT: 'REQUIRED/INSURANCE_POLICY',
    });
  });

  it('SEVERE/LIMITED (r+e = 2): a license required, social support not', () => {
    expect(cell('SEVERE', 'LIMITED')).toEqual({
      BEFORE_OPERATION: 'REQUIRED/SELF_DECLARATION',
      DURING_OPERATION: 'REQUIRED/SELF_INSPECTION',
      OPERATOR_COMPETENCE: 'REQUIRED/LICENSE',
      SOCIAL_SUPPORT: 'NOT_REQUIRED/INSURANCE_POLICY',
    });
  });

  it('SEVERE/SERIOUS (r+e = 3): third-party certification, and social support because r = 2 and e >= 1', () => {
    expect(cell('SEVERE', 'SERIOUS')).toEqual({
      BEFORE_OPERATION: 'REQUIRED/THIRD_PARTY_CERTIFICATION',
      DURING_OPERATION: 'REQUIRED/SELF_INSPECTION',
      OPERATOR_COMPETENCE: 'REQUIRED/LICENSE',
      SOCIAL_SUPPORT: 'REQUIRED/INSURANCE_POLICY',
    });
  });

  it('SERIOUS/SERIOUS (r+e = 2): everything but social support required or recommended', () => {
    expect(cell('SERIOUS', 'SERIOUS')).toEqual({
      BEFORE_OPERATION: 'REQUIRED/SELF_DECLARATION',
      DURING_OPERATION: 'REQUIRED/SELF_INSPECTION',
      OPERATOR_COMPETENCE: 'RECOMMENDED/TRAINING_RECORD',
      SOCIAL_SUPPORT: 'RECOMMENDED/INSURANCE_POLICY',
    });
  });

  it('SEVERE/CATASTROPHIC: all four perspectives required', () => {
    expect(Object.values(cell('SEVERE', 'CATASTROPHIC')).every((v) => v.startsWith('REQUIRED'))).toBe(true);
    expect(cell('SEVERE', 'CATASTROPHIC').BEFORE_OPERATION).toBe('REQUIRED/THIRD_PARTY_CERTIFICATION');
  });

  it('SERIOUS/CATASTROPHIC (r+e = 3): third-party certification, competence only recommended', () => {
    expect(cell('SERIOUS', 'CATASTROPHIC')).toMatchObject({
      BEFORE_OPERATION: 'REQUIRED/THIRD_PARTY_CERTIFICATION',
      OPERATOR_COMPETENCE: 'RECOMMENDED/TRAINING_RECORD',
      SOCIAL_SUPPORT: 'REQUIRED/INSURANCE_POLICY',
    });
  });
});
