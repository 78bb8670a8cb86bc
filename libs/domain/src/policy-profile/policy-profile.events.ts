import type { Event } from '../shared/decider.js';
import type { PolicyCell } from './policy-requirements.js';

export type PolicyProfileDefined = Event<
  'PolicyProfileDefined',
  { profileId: string; version: number; name: string; description: string; cells: PolicyCell[] }
>;

/** Carries the complete profile of the new version. */
export type PolicyProfileRevised = Event<
  'PolicyProfileRevised',
  { profileId: string; version: number; name: string; description: string; cells: PolicyCell[] }
>;

export type PolicyProfileEvent = PolicyProfileDefined | PolicyProfileRevised;
