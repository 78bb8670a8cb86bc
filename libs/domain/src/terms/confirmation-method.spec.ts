import { describe, expect, it } from '@jest/globals';
import { meetsMinimum } from './confirmation-method.js';

describe('meetsMinimum', () => {
  it.each([
    ['SELF_DECLARATION', 'SELF_DECLARATION', true],
    ['THIRD_PARTY_CERTIFICATION', 'SELF_DECLARATION', true],
    ['SELF_DECLARATION', 'THIRD_PARTY_CERTIFICATION', false],
    ['THIRD_PARTY_INSPECTION', 'SELF_INSPECTION', true],
    ['SELF_INSPECTION', 'THIRD_PARTY_INSPECTION', false],
    ['LICENSE', 'TRAINING_RECORD', true],
    ['TRAINING_RECORD', 'LICENSE', false],
    ['INSURANCE_POLICY', 'COMPENSATION_SCHEME', true],
    ['COMPENSATION_SCHEME', 'INSURANCE_POLICY', true],
    ['THIRD_PARTY_CERTIFICATION', 'SELF_INSPECTION', false],
    ['INFORMATION_PROVISION', 'SELF_DECLARATION', false],
    ['WAIVER', 'SELF_DECLARATION', false],
  ] as const)('%s meets %s: %s', (method, minimum, expected) => {
    expect(meetsMinimum(method, minimum)).toBe(expected);
  });
});
