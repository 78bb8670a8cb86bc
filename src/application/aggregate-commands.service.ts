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
import { EVENT_STORE, StreamConditionFailedError, type EventStore, type ReadStreamOptions, type StreamCondition } from '@app/event-store';
import { ApplicationError } from './application-error.js';
import {
  foldOnto,
  FoldedStreams,
  handleCommand,
  readAfter,
  StreamConflictError,
  type CommandContext,
  type FoldedStream,
  type PipelineOptions,
  type PipelineResult,
} from './command-pipeline.js';
import { streamOf, type AggregateKind } from './streams.js';

/**
 * Streams whose folded state a process keeps between commands. A negotiated agreement costs ~5.5
 * KB of heap (its terms, twice: current and concluded) plus ~21 bytes per event (the digest of its
 * key), so 4,096 of them are ~23 MB. Fewer made a load spread over a few thousand agreements
 * (the lag benchmark's 3,000) read and fold every stream again on every command: least recently
 * used, each one was forgotten before it came back (bench/FINDINGS.md, section 8).
 */
const FOLDED_STREAMS_REMEMBERED = 4_096;

/** Times a command is decided again because its actor's organization changed meanwhile. */
const MAX_STANDING_CHANGES = 5;

/** The organization an actor acts for, as a command was decided on it; `read`: just read from the store. */
interface Standing {
  condition: StreamCondition;
  read: boolean;
}

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

  /**
   * Runs a command for an actor whose organization may act. The organization's standing is taken
   * as this process remembers it, and the append is conditioned on the organization's stream
   * still being at that revision, so a deactivation committed meanwhile (by any process) refuses
   * the append, and the command is decided again on the organization as read then. Only what the
   * store confirmed is trusted that way: a command that appends nothing (a no-op, a retry answered
   * from its record) or that is refused has the organization read before it is answered, as if it
   * had been read first.
   */
  async execute<K extends AggregateKind>(
    kind: K,
    id: string,
    build: (metadata: { actor: Actor; now: string }) => Aggregates[K]['command'],
    context: CommandContext,
    options: PipelineOptions,
  ): Promise<PipelineResult<Aggregates[K]['state'], Aggregates[K]['event']>> {
    const stream = streamOf(kind, id);
    for (let attempt = 1; ; attempt++) {
      const standing = await this.standingOf(context.actor, attempt > 1);
      const command = build({ actor: context.actor, now: context.now });
      // A command on the organization's own stream is decided on it and meets its compare-and-set.
      const conditions = standing && standing.condition.stream !== stream ? [...(options.conditions ?? []), standing.condition] : options.conditions;
      let result: PipelineResult<Aggregates[K]['state'], Aggregates[K]['event']>;
      try {
        result = await handleCommand(this.store, DECIDERS[kind] as DeciderOf<K>, stream, command, context, { ...options, conditions }, this.folded);
      } catch (error) {
        if (error instanceof StreamConditionFailedError && error.failed.some((failed) => failed.stream === standing?.condition.stream)) {
          if (attempt < MAX_STANDING_CHANGES) continue;
          throw new StreamConflictError(standing!.condition.stream, error.failed[0].actualRevision);
        }
        if (standing && !standing.read) await this.assertMayAct(context.actor);
        throw error;
      }
      const appended = result.events.length > 0 && !result.idempotentReplay;
      if (standing && !standing.read && !appended) await this.assertMayAct(context.actor);
      return result;
    }
  }

  /**
   * The standing of the actor's organization to condition a command on: null for consortium
   * admins (see `assertMayAct`); as remembered when this process has folded the organization's
   * stream and it may act, else read (and checked) now.
   */
  private async standingOf(actor: Actor, mustRead: boolean): Promise<Standing | null> {
    if (hasRole(actor, 'consortium_admin')) return null;
    const stream = streamOf('organization', actor.organizationId);
    const remembered = mustRead ? undefined : this.folded.get<OrganizationState>(stream);
    if (remembered?.last !== undefined && remembered.state.status === 'ACTIVE') {
      return { condition: { stream, revision: remembered.last.revision }, read: false };
    }
    return { condition: await this.readStanding(actor), read: true };
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
    return (await this.loadFolded(kind, id)).state;
  }

  /** `load`, with where the stream stood when folded. */
  private async loadFolded<K extends AggregateKind>(kind: K, id: string): Promise<FoldedStream<Aggregates[K]['state']>> {
    const decider = DECIDERS[kind] as DeciderOf<K>;
    const stream = streamOf(kind, id);
    const { base, read } = await readAfter(this.store, () => decider.initialState(), stream, this.folded.get(stream), false);
    const folded = foldOnto(decider.evolve.bind(decider), base, read);
    if (folded.last !== undefined) this.folded.set(stream, folded);
    return folded;
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
    await this.readStanding(actor);
  }

  /** Reads the actor's organization (what was recorded since it was last folded) and refuses one that may not act; answers where its stream stands. */
  private async readStanding(actor: Actor): Promise<StreamCondition> {
    const folded = await this.loadFolded('organization', actor.organizationId);
    const organization = folded.state;
    if (organization.status === 'NONE' || folded.last === undefined) {
      throw new ApplicationError('FORBIDDEN', `Organization ${actor.organizationId} is not registered on the platform`, {
        reason: 'ORGANIZATION.NOT_REGISTERED',
      });
    }
    if (organization.status === 'DEACTIVATED') {
      throw new ApplicationError('FORBIDDEN', `Organization ${actor.organizationId} is deactivated`, { reason: 'ORGANIZATION.DEACTIVATED' });
    }
    return { stream: streamOf('organization', actor.organizationId), revision: folded.last.revision };
  }
}
