import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  agreementDecider,
  assessmentDecider,
  fold,
  hasRole,
  organizationDecider,
  policyProfileDecider,
  useCaseDecider,
  type Actor,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type AssessmentCommand,
  type AssessmentEvent,
  type AssessmentState,
  type Decider,
  type OrganizationCommand,
  type OrganizationEvent,
  type OrganizationState,
  type PolicyProfileCommand,
  type PolicyProfileEvent,
  type PolicyProfileState,
  type StakeholderRole,
  type UseCaseCommand,
  type UseCaseEvent,
  type UseCaseState,
} from '@app/domain';
import { EVENT_STORE, type EventStore, type ReadStreamOptions } from '@app/event-store';
import { ApplicationError } from './application-error.js';
import {
  foldOnto,
  FoldedStreams,
  handleCommand,
  readAfter,
  type CommandContext,
  type PipelineOptions,
  type PipelineResult,
} from './command-pipeline.js';
import { streamOf, type AggregateKind } from './streams.js';

/** Streams whose folded state a process keeps between commands (a few MB for negotiation-sized streams). */
const FOLDED_STREAMS_REMEMBERED = 500;

/** The decider, command, event and state types of each aggregate kind. */
interface Aggregates {
  organization: { command: OrganizationCommand; event: OrganizationEvent; state: OrganizationState };
  useCase: { command: UseCaseCommand; event: UseCaseEvent; state: UseCaseState };
  assessment: { command: AssessmentCommand; event: AssessmentEvent; state: AssessmentState };
  agreement: { command: AgreementCommand; event: AgreementEvent; state: AgreementState };
  policyProfile: { command: PolicyProfileCommand; event: PolicyProfileEvent; state: PolicyProfileState };
}

type DeciderOf<K extends AggregateKind> = Decider<Aggregates[K]['command'], Aggregates[K]['event'], Aggregates[K]['state']>;

const DECIDERS: { [K in AggregateKind]: DeciderOf<K> } = {
  organization: organizationDecider,
  useCase: useCaseDecider,
  assessment: assessmentDecider,
  agreement: agreementDecider,
  policyProfile: policyProfileDecider,
};

/** Builds the context of a command from the request: the caller's key is scoped to the caller. */
export function commandContext(actor: Actor, commandId: string | null | undefined, correlationId: string, now = new Date()): CommandContext {
  return {
    actor,
    now: now.toISOString(),
    // Scoped to the person, so one caller's commandId can never replay another caller's command.
    idempotencyKey: `${actor.organizationId}/${actor.subject}/${commandId ?? randomUUID()}`,
    correlationId,
    causationId: null,
  };
}

/**
 * Runs commands through the one pipeline for any aggregate, after the checks that need more than
 * one aggregate: an organization unknown to the platform, or deactivated, cannot act.
 */
@Injectable()
export class AggregateCommands {
  /** Recently used streams, folded: commands and loads then read only what was recorded since. */
  private readonly folded = new FoldedStreams(FOLDED_STREAMS_REMEMBERED);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute<K extends AggregateKind>(
    kind: K,
    id: string,
    build: (metadata: { actor: Actor; now: string }) => Aggregates[K]['command'],
    context: CommandContext,
    options: PipelineOptions,
  ): Promise<PipelineResult<Aggregates[K]['state'], Aggregates[K]['event']>> {
    await this.assertMayAct(context.actor);
    const command = build({ actor: context.actor, now: context.now });
    return handleCommand(this.store, DECIDERS[kind] as DeciderOf<K>, streamOf(kind, id), command, context, options, this.folded);
  }

  /**
   * Current state of an aggregate, folded from its stream (strongly consistent, for command
   * context): always asks the store, but for the events recorded since it last folded the stream.
   */
  async load<K extends AggregateKind>(kind: K, id: string, options?: ReadStreamOptions): Promise<Aggregates[K]['state']> {
    const decider = DECIDERS[kind] as DeciderOf<K>;
    if (options) {
      const events = await this.store.readStream(streamOf(kind, id), options);
      return fold(decider, events.map((event) => ({ type: event.type, data: event.data }) as Aggregates[K]['event']));
    }
    const stream = streamOf(kind, id);
    const { base, read } = await readAfter(this.store, () => decider.initialState(), stream, this.folded.get(stream), false);
    const folded = foldOnto(decider.evolve.bind(decider), base, read);
    if (folded.last !== undefined) this.folded.set(stream, folded);
    return folded.state;
  }

  /**
   * Assessments and agreements share one id space in the API (`history(id)` names either), so a
   * client-chosen id already taken by the other kind is refused.
   */
  async assertIdFree(kind: 'assessment' | 'agreement', id: string): Promise<void> {
    const other = kind === 'assessment' ? 'agreement' : 'assessment';
    const existing = await this.load(other, id);
    if (existing.status !== 'NONE') {
      throw new ApplicationError('CONFLICT', `The id ${id} is already used by an ${other}`, { reason: 'ID.TAKEN', field: 'id' });
    }
  }

  /**
   * The stakeholder roles of organizations a command names (participants, parties), each of
   * which must be registered and active: nobody is committed on behalf of an unknown party.
   */
  async activeOrganizations(ids: readonly string[], field: string): Promise<Record<string, StakeholderRole[]>> {
    const roles: Record<string, StakeholderRole[]> = {};
    for (const id of new Set(ids)) {
      const organization = await this.load('organization', id);
      if (organization.status === 'NONE') {
        throw new ApplicationError('NOT_FOUND', `${field}: organization ${id} is not registered`, { reason: 'ORGANIZATION.NOT_FOUND', field, organizationId: id });
      }
      if (organization.status === 'DEACTIVATED') {
        throw new ApplicationError('BUSINESS_RULE_VIOLATION', `${field}: organization ${id} is deactivated`, {
          reason: 'ORGANIZATION.DEACTIVATED',
          field,
          organizationId: id,
        });
      }
      roles[id] = [...organization.roles];
    }
    return roles;
  }

  /**
   * Consortium admins administer the platform before any organization exists (their own included);
   * everyone else acts for a registered, active organization.
   */
  async assertMayAct(actor: Actor): Promise<void> {
    if (hasRole(actor, 'consortium_admin')) return;
    const organization = await this.load('organization', actor.organizationId);
    if (organization.status === 'NONE') {
      throw new ApplicationError('FORBIDDEN', `Organization ${actor.organizationId} is not registered on the platform`, {
        reason: 'ORGANIZATION.NOT_REGISTERED',
      });
    }
    if (organization.status === 'DEACTIVATED') {
      throw new ApplicationError('FORBIDDEN', `Organization ${actor.organizationId} is deactivated`, { reason: 'ORGANIZATION.DEACTIVATED' });
    }
  }
}
