import type { Command } from '../shared/decider.js';
import type { PolicyCell } from './policy-requirements.js';

/** Defines a profile at version 1. */
export type DefinePolicyProfile = Command<
  'DefinePolicyProfile',
  { profileId: string; name: string; description: string; cells: PolicyCell[] }
>;

/** Publishes the next version; `baseVersion` must be the current version. */
export type RevisePolicyProfile = Command<
  'RevisePolicyProfile',
  { profileId: string; baseVersion: number; name?: string; description?: string; cells: PolicyCell[] }
>;

export type PolicyProfileCommand = DefinePolicyProfile | RevisePolicyProfile;
