// Test support: runs domain commands through the real deciders and appends to the real store.
import { randomUUID } from 'node:crypto';
import {
  agreementDecider,
  assessmentDecider,
  fold,
  organizationDecider,
  policyProfileDecider,
  requirementsAt,
  termsDigest,
  useCaseDecider,
  type ActorRole,
  type AgreementCommand,
  type AgreementState,
  type AssessmentCommand,
  type AssessmentState,
  type ClauseInput,
  type CommandMetadata,
  type Decider,
  type OrganizationState,
  type PolicyProfileState,
  type StakeholderRole,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { streamOf, type AggregateKind } from '../../src/application/streams.js';

const DECIDERS = {
  organization: organizationDecider,
  useCase: useCaseDecider,
  assessment: assessmentDecider,
  agreement: agreementDecider,
  policyProfile: policyProfileDecider,
} as const;

const REALM_ROLE: Record<StakeholderRole, ActorRole> = {
  MANUFACTURER: 'manufacturer',
  OPERATOR: 'operator',
  SERVICE_PROVIDER: 'service_provider',
  INSURER: 'insurer',
  CERTIFIER: 'certifier',
};

type DataOf<C> = C extends { data: infer D } ? D : never;

/** Decides commands against the folded stream and appends what they decide, on a clock that ticks a minute per command. */
export class CommandScenario {
  private minute = 0;
  private readonly realmRoles = new Map<string, ActorRole[]>([['consortium', ['consortium_admin']]]);

  constructor(
    readonly store: EventStore,
    private readonly start = Date.parse('2026-03-02T09:00:00.000Z'),
  ) {}

  now(): string {
    return new Date(this.start + this.minute * 60_000).toISOString();
  }

  metadata(organizationId: string): CommandMetadata {
    this.minute += 1;
    return {
      actor: { subject: `${organizationId}-person`, organizationId, roles: this.realmRoles.get(organizationId) ?? ['auditor'] },
      now: this.now(),
    };
  }

  async state<S>(kind: AggregateKind, id: string): Promise<S> {
    const events = await this.store.readStream(streamOf(kind, id));
    return fold(DECIDERS[kind] as unknown as Decider<unknown, unknown, S>, events.map((e) => ({ type: e.type, data: e.data })));
  }

  /** read, fold, decide, append with the read revision as expectation. */
  async run(kind: AggregateKind, id: string, type: string, data: unknown, by: string): Promise<string[]> {
    const stream = streamOf(kind, id);
    const recorded = await this.store.readStream(stream);
    const decider = DECIDERS[kind] as unknown as Decider<unknown, { type: string; data: unknown }, unknown>;
    const state = fold(decider, recorded.map((e) => ({ type: e.type, data: e.data })));
    const metadata = this.metadata(by);
    const events = decider.decide({ type, data, metadata }, state);
    if (events.length === 0) return [];
    const key = randomUUID();
    await this.store.appendToStream(
      stream,
      events.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data,
        occurredAt: metadata.now,
        metadata: {
          actor: { ...metadata.actor, roles: [...metadata.actor.roles] },
          correlationId: key,
          causationId: null,
          idempotencyKey: key,
        },
      })),
      { expectedRevision: recorded.length === 0 ? 'no_stream' : recorded.length - 1 },
    );
    return events.map((event) => event.type);
  }

  async registerOrganization(organizationId: string, roles: StakeholderRole[]): Promise<void> {
    this.realmRoles.set(organizationId, roles.map((role) => REALM_ROLE[role]));
    await this.run('organization', organizationId, 'RegisterOrganization', { organizationId, name: organizationId, roles }, 'consortium');
  }

  assessment(id: string, type: AssessmentCommand['type'], data: Omit<DataOf<AssessmentCommand>, 'assessmentId'> | object, by: string) {
    return this.run('assessment', id, type, { assessmentId: id, ...data }, by);
  }

  agreement(id: string, type: AgreementCommand['type'], data: object, by: string) {
    return this.run('agreement', id, type, { agreementId: id, ...data }, by);
  }

  /** Opens an agreement with what the application would load: the assessment, the parties' roles, the profile's requirements. */
  async openAgreement(id: string, assessmentId: string, partyIds: string[], by: string, profileId = 'default'): Promise<void> {
    const assessment = await this.state<AssessmentState>('assessment', assessmentId);
    if (assessment.status === 'NONE') throw new Error(`no assessment ${assessmentId}`);
    const partyRoles: Record<string, StakeholderRole[]> = {};
    for (const party of new Set([by, ...partyIds])) {
      const organization = await this.state<OrganizationState>('organization', party);
      partyRoles[party] = organization.status === 'NONE' ? [] : organization.roles;
    }
    const profile = await this.state<PolicyProfileState>('policyProfile', profileId);
    if (profile.status === 'NONE' || assessment.agreedCategory === null) throw new Error('profile or category missing');
    await this.agreement(
      id,
      'OpenAgreement',
      {
        partyIds,
        partyRoles,
        assessment: {
          id: assessmentId,
          useCaseId: assessment.useCaseId,
          status: assessment.status,
          revision: assessment.agreedRevision ?? assessment.revision,
          category: assessment.agreedCategory,
        },
        policyProfile: { id: profileId, version: profile.version, requirements: requirementsAt(profile, profile.version, assessment.agreedCategory)! },
      },
      by,
    );
  }

  /** Signs the current version with the digest of its clauses, as a client would compute it. */
  async signCurrent(agreementId: string, by: string): Promise<string[]> {
    const state = await this.state<AgreementState>('agreement', agreementId);
    if (state.status === 'NONE' || state.current === null) throw new Error('nothing to sign');
    return this.agreement(agreementId, 'SignOff', { version: state.current.version, digest: termsDigest(state.current.clauses as ClauseInput[]) }, by);
  }
}
