import type { Event } from '../shared/decider.js';
import type { UseCaseDetails } from './use-case.types.js';

export type UseCaseRegistered = Event<
  'UseCaseRegistered',
  { useCaseId: string; registeredBy: string } & UseCaseDetails
>;

/** Carries the complete details after the revision, and which fields changed. */
export type UseCaseRevised = Event<
  'UseCaseRevised',
  { useCaseId: string; changedFields: Array<keyof UseCaseDetails> } & UseCaseDetails
>;

export type UseCaseRetired = Event<'UseCaseRetired', { useCaseId: string; reason: string }>;

export type UseCaseEvent = UseCaseRegistered | UseCaseRevised | UseCaseRetired;
