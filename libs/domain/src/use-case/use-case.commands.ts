import type { Command } from '../shared/decider.js';
import type { UseCaseDetails } from './use-case.types.js';

/** Registers a use case; the registering organization is the actor's. */
export type RegisterUseCase = Command<'RegisterUseCase', { useCaseId: string } & UseCaseDetails>;

/** Changes some details; omitted fields keep their value. */
export type ReviseUseCase = Command<'ReviseUseCase', { useCaseId: string } & Partial<UseCaseDetails>>;

export type RetireUseCase = Command<'RetireUseCase', { useCaseId: string; reason: string }>;

export type UseCaseCommand = RegisterUseCase | ReviseUseCase | RetireUseCase;
