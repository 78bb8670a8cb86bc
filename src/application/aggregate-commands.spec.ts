import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Actor, UseCaseCommand } from '@app/domain';
import { PostgresEventStore, type ReadStreamOptions, type RecordedEvent } from '@app/event-store';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../test/support/test-databases.js';
import { AggregateCommands, commandContext } from './aggregate-commands.service.js';

/** The real store, noting the streams it is asked to read. */
class ReadNotingStore extends PostgresEventStore {
  readonly reads: string[] = [];

  override readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads.push(stream);
    return super.readStream(stream, options);
  }
}

const admin: Actor = { subject: 'admin', organizationId: 'consortium', roles: ['consortium_admin'] };
const ann: Actor = { subject: 'ann', organizationId: 'acme', roles: ['manufacturer'] };
const ORGANIZATION = 'organization-acme';
const OPTIONS = { recomputeOnConflict: false };

const details = {
  name: 'Door camera',
  unit: 'DEVICE' as const,
  domain: 'CONSUMER' as const,
  formOfUse: { environment: 'home', role: 'doorbell', userSkills: 'none' },
  description: 'A camera at the door.',
};

describe.each(TEST_BACKENDS)("AggregateCommands and the actor's organization (%s)", (backend) => {
  let test: TestDatabase;
  /** This process: it remembers what it folded. */
  let here: AggregateCommands;
  let hereStore: ReadNotingStore;
  /** Another process on the same database. */
  let there: AggregateCommands;

  function useCase(actor: Actor, command: (metadata: UseCaseCommand['metadata']) => UseCaseCommand, commandId = randomUUID(), on = here) {
    return on.execute('useCase', 'uc-1', command, commandContext(actor, commandId, randomUUID()), OPTIONS);
  }
  const register = (metadata: UseCaseCommand['metadata']): UseCaseCommand => ({ type: 'RegisterUseCase', data: { useCaseId: 'uc-1', ...details }, metadata });
  const revise =
    (description: string) =>
    (metadata: UseCaseCommand['metadata']): UseCaseCommand => ({ type: 'ReviseUseCase', data: { useCaseId: 'uc-1', description }, metadata });

  async function organization(type: 'RegisterOrganization' | 'ChangeOrganizationRoles' | 'DeactivateOrganization', data: object, on: AggregateCommands): Promise<void> {
    await on.execute(
      'organization',
      'acme',
      (metadata) => ({ type, data: { organizationId: 'acme', ...data }, metadata }) as never,
      commandContext(admin, randomUUID(), randomUUID()),
      OPTIONS,
    );
  }

  async function useCaseEvents(): Promise<string[]> {
    return (await hereStore.readStream('use-case-uc-1')).map((event) => event.type);
  }

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    hereStore = new ReadNotingStore(test.database);
    here = new AggregateCommands(hereStore);
    there = new AggregateCommands(new PostgresEventStore(test.database));
    await organization('RegisterOrganization', { name: 'Acme', roles: ['MANUFACTURER'] }, there);
  });

  afterEach(async () => {
    await test.drop();
  });

  it('reads the organization for the first command only, then conditions each append on it', async () => {
    await useCase(ann, register);
    expect(hereStore.reads).toContain(ORGANIZATION);
    hereStore.reads.length = 0;
    await useCase(ann, revise('Second words.'));
    await useCase(ann, revise('Third words.'));
    expect(hereStore.reads).not.toContain(ORGANIZATION);
    expect(await useCaseEvents()).toEqual(['UseCaseRegistered', 'UseCaseRevised', 'UseCaseRevised']);
  });

  it('refuses, appending nothing, once another process deactivated the organization this one remembers as active', async () => {
    await useCase(ann, register);
    await organization('DeactivateOrganization', { reason: 'Left the consortium' }, there);
    await expect(useCase(ann, revise('After leaving.'))).rejects.toMatchObject({ publicCode: 'FORBIDDEN', details: { reason: 'ORGANIZATION.DEACTIVATED' } });
    expect(await useCaseEvents()).toEqual(['UseCaseRegistered']);
  });

  it('decides again on the organization as read when it changed otherwise, and appends', async () => {
    await useCase(ann, register);
    await organization('ChangeOrganizationRoles', { roles: ['MANUFACTURER', 'OPERATOR'] }, there);
    hereStore.reads.length = 0;
    await useCase(ann, revise('After the roles changed.'));
    expect(hereStore.reads).toContain(ORGANIZATION);
    expect(await useCaseEvents()).toEqual(['UseCaseRegistered', 'UseCaseRevised']);
  });

  it('reads the organization before answering a command that records nothing or is refused', async () => {
    const commandId = randomUUID();
    await useCase(ann, register, commandId);
    await organization('DeactivateOrganization', { reason: 'Left the consortium' }, there);
    // A retry, answered from its record elsewhere, and a command the decider refuses (already registered).
    await expect(useCase(ann, register, commandId)).rejects.toMatchObject({ publicCode: 'FORBIDDEN', details: { reason: 'ORGANIZATION.DEACTIVATED' } });
    await expect(useCase(ann, register)).rejects.toMatchObject({ publicCode: 'FORBIDDEN', details: { reason: 'ORGANIZATION.DEACTIVATED' } });
    expect(await useCaseEvents()).toEqual(['UseCaseRegistered']);
  });

  it('lets a consortium admin act without an organization, and an organization act on its own stream', async () => {
    await organization('ChangeOrganizationRoles', { roles: ['MANUFACTURER', 'INSURER'] }, here);
    await organization('ChangeOrganizationRoles', { roles: ['MANUFACTURER'] }, here);
    const events = await hereStore.readStream(ORGANIZATION);
    expect(events.map((event) => event.type)).toEqual(['OrganizationRegistered', 'OrganizationRolesChanged', 'OrganizationRolesChanged']);
  });
});
