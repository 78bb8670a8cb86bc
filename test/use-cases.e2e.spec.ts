import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { TEST_BACKENDS } from './support/test-databases.js';
import { registerDemoOrganizations, startFreshTestServer } from './support/fresh-test-server.js';
import type { TestServer } from './support/test-server.js';

const FIELDS = 'id name unit domain formOfUse { environment role userSkills } description status registeredBy { id }';
const REGISTER = `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { ${FIELDS} } }`;
const REVISE = `mutation($input: ReviseUseCaseInput!) { reviseUseCase(input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation($input: RetireUseCaseInput!) { retireUseCase(input: $input) { id status } }`;
const USE_CASE = `query($id: ID!, $token: String) { useCase(id: $id, consistencyToken: $token) { ${FIELDS} } }`;
const USE_CASES = `query($first: Int, $after: String, $token: String) {
  useCases(first: $first, after: $after, consistencyToken: $token) {
    totalCount pageInfo { endCursor hasNextPage } edges { cursor node { id name status } }
  }
}`;

const details = {
  name: 'Connected car on public roads',
  unit: 'SYSTEM',
  domain: 'TRANSPORTATION',
  formOfUse: { environment: 'Public roads, shared with pedestrians', role: 'Passenger transport', userSkills: 'Licensed drivers' },
  description: 'A passenger car whose driving functions receive over-the-air updates.',
};

type UseCaseBody = { id: string; status: string; name: string; registeredBy: { id: string } };

for (const backend of TEST_BACKENDS) {
  describe(`use cases over HTTP on ${backend}`, () => {
    let server: TestServer;
    let store: EventStore;
    const eventsOf = async (id: string) => store.readStream(`use-case-${id}`);

    beforeAll(async () => {
      server = await startFreshTestServer(backend);
      store = server.app.get<EventStore>(EVENT_STORE);
      await registerDemoOrganizations(server, {
        'acme-devices': ['MANUFACTURER'],
        'metro-operations': ['OPERATOR'],
        'audit-office': ['CERTIFIER'],
      });
    });
    afterAll(() => server.close());

    it('lets a stakeholder register a use case for its organization, and answers a retry with the same outcome', async () => {
      const acme = server.as('acme-devices');
      const input = { commandId: 'uc-register-1', id: 'car-public-roads', ...details };
      const first = await acme<{ registerUseCase: UseCaseBody }>(REGISTER, { input });
      expect(first.errors).toBeUndefined();
      expect(first.data?.registerUseCase).toEqual({
        id: 'car-public-roads',
        ...details,
        status: 'ACTIVE',
        registeredBy: { id: 'acme-devices' },
      });
      expect(first.extensions?.consistencyToken).toEqual(expect.any(String));
      const retry = await acme(REGISTER, { input });
      expect(retry.data).toEqual(first.data);
      expect(await eventsOf('car-public-roads')).toHaveLength(1);

      const again = await acme(REGISTER, { input: { ...input, commandId: 'uc-register-2' } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'USE_CASE.ALREADY_REGISTERED' });
    });

    it('generates the id when none is given: the same commandId gives the same use case, none gives a new one', async () => {
      const acme = server.as('acme-devices');
      const input = { commandId: 'uc-generated-1', ...details, name: 'Generated id' };
      const first = await acme<{ registerUseCase: UseCaseBody }>(REGISTER, { input });
      const id = first.data?.registerUseCase.id ?? '';
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const retry = await acme<{ registerUseCase: UseCaseBody }>(REGISTER, { input });
      expect(retry.data?.registerUseCase.id).toBe(id);
      expect(await eventsOf(id)).toHaveLength(1);

      const withoutCommandId = await acme<{ registerUseCase: UseCaseBody }>(REGISTER, { input: { ...details } });
      const other = await acme<{ registerUseCase: UseCaseBody }>(REGISTER, { input: { ...details } });
      expect(withoutCommandId.data?.registerUseCase.id).not.toBe(other.data?.registerUseCase.id);
    });

    it('refuses auditors, unregistered organizations and anonymous callers', async () => {
      const input = { ...details };
      const auditor = await server.as('audit-office')(REGISTER, { input });
      expect(auditor.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'USE_CASE.FORBIDDEN' });
      const unregistered = await server.as('rogue-devices')(REGISTER, { input });
      expect(unregistered.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ORGANIZATION.NOT_REGISTERED' });
      const anonymous = await server.graphql(REGISTER, { input });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses bad input with BAD_USER_INPUT naming the field', async () => {
      const acme = server.as('acme-devices');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...details, name: 'n'.repeat(201) }, 'name'],
        [{ ...details, description: 'd'.repeat(10_001) }, 'description'],
        [{ ...details, id: 'has space' }, 'id'],
        [{ ...details, id: 'x'.repeat(129) }, 'id'],
        [{ ...details, formOfUse: { ...details.formOfUse, userSkills: '' } }, 'formOfUse.userSkills'],
        [{ ...details, formOfUse: { ...details.formOfUse, environment: 'e'.repeat(10_001) } }, 'formOfUse.environment'],
        [{ ...details, commandId: 'bad command id' }, 'commandId'],
        // Passes the length rules, refused by the domain: blank after trimming.
        [{ ...details, name: '   ' }, 'name'],
      ];
      for (const [input, field] of cases) {
        const response = await acme(REGISTER, { input });
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const badEnum = await acme(REGISTER, { input: { ...details, unit: 'PRODUCT' } });
      expect(badEnum.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('lets the registering organization or an admin revise a use case; a retry records nothing', async () => {
      const acme = server.as('acme-devices');
      await acme(REGISTER, { input: { commandId: 'uc-rev-reg', id: 'smart-lock', ...details, name: 'Smart lock' } });
      const input = { commandId: 'uc-rev-1', useCaseId: 'smart-lock', domain: 'CONSUMER', formOfUse: { environment: 'Homes', role: 'Door access', userSkills: 'None' } };
      const revised = await acme<{ reviseUseCase: UseCaseBody }>(REVISE, { input });
      expect(revised.errors).toBeUndefined();
      expect(revised.data?.reviseUseCase).toMatchObject({
        id: 'smart-lock',
        name: 'Smart lock',
        unit: 'SYSTEM',
        domain: 'CONSUMER',
        formOfUse: { environment: 'Homes', role: 'Door access', userSkills: 'None' },
      });
      const retry = await acme(REVISE, { input });
      expect(retry.data).toEqual(revised.data);
      expect((await eventsOf('smart-lock')).map((event) => event.type)).toEqual(['UseCaseRegistered', 'UseCaseRevised']);

      const byAdmin = await server.as('consortium-admin')<{ reviseUseCase: UseCaseBody }>(REVISE, { input: { useCaseId: 'smart-lock', name: 'Smart door lock' } });
      expect(byAdmin.data?.reviseUseCase.name).toBe('Smart door lock');
    });

    // jsonb reorders keys when the stream is read back: the comparison must not depend on key order.
    it('records nothing for a revision that changes nothing', async () => {
      const acme = server.as('acme-devices');
      await acme(REGISTER, { input: { commandId: 'uc-same-reg', id: 'same-lock', ...details } });
      const unchanged = await acme<{ reviseUseCase: UseCaseBody }>(REVISE, { input: { useCaseId: 'same-lock', name: details.name } });
      expect(unchanged.data?.reviseUseCase).toMatchObject({ id: 'same-lock', name: details.name });
      expect((await eventsOf('same-lock')).map((event) => event.type)).toEqual(['UseCaseRegistered']);
    });

    it('refuses a revision by another organization, of an unknown use case, or with bad input', async () => {
      const byOther = await server.as('metro-operations')(REVISE, { input: { useCaseId: 'car-public-roads', name: 'Mine now' } });
      expect(byOther.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'USE_CASE.FORBIDDEN' });
      const unknown = await server.as('acme-devices')(REVISE, { input: { useCaseId: 'no-such-use-case', name: 'X' } });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'USE_CASE.NOT_FOUND' });
      const tooLong = await server.as('acme-devices')(REVISE, { input: { useCaseId: 'car-public-roads', name: 'n'.repeat(201) } });
      expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    });

    it('retires a use case once; a retired use case can no longer be revised', async () => {
      const acme = server.as('acme-devices');
      await acme(REGISTER, { input: { commandId: 'uc-ret-reg', id: 'old-meter', ...details, name: 'Old meter' } });
      const input = { commandId: 'uc-ret-1', useCaseId: 'old-meter', reason: 'Replaced by a newer model' };
      const retired = await acme(RETIRE, { input });
      expect(retired.data).toEqual({ retireUseCase: { id: 'old-meter', status: 'RETIRED' } });
      expect(await acme(RETIRE, { input })).toMatchObject({ data: retired.data });
      expect(await acme(RETIRE, { input: { ...input, commandId: 'uc-ret-2' } })).toMatchObject({ data: retired.data });
      expect((await eventsOf('old-meter')).map((event) => event.type)).toEqual(['UseCaseRegistered', 'UseCaseRetired']);

      const revise = await acme(REVISE, { input: { useCaseId: 'old-meter', name: 'Revived' } });
      expect(revise.errors?.[0].extensions).toMatchObject({ code: 'BUSINESS_RULE_VIOLATION', reason: 'USE_CASE.RETIRED' });
      const byOther = await server.as('metro-operations')(RETIRE, { input: { useCaseId: 'car-public-roads', reason: 'x' } });
      expect(byOther.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'USE_CASE.FORBIDDEN' });
      const unknown = await acme(RETIRE, { input: { useCaseId: 'no-such-use-case', reason: 'x' } });
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const noReason = await acme(RETIRE, { input: { useCaseId: 'car-public-roads', reason: '' } });
      expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    });

    it('refuses a commandId reused for a different command with CONFLICT', async () => {
      const acme = server.as('acme-devices');
      await acme(REGISTER, { input: { commandId: 'uc-reused', id: 'reuse-a', ...details } });
      const reused = await acme(REGISTER, { input: { commandId: 'uc-reused', id: 'reuse-b', ...details } });
      expect(reused.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await eventsOf('reuse-b')).toHaveLength(0);
    });

    it('reads use cases from the read model, by id and page by page', async () => {
      const acme = server.as('acme-devices');
      const registered = await acme(REGISTER, { input: { id: 'read-me', ...details, name: 'Read me' } });
      const token = registered.extensions?.consistencyToken as string;
      const one = await server.as('audit-office')<{ useCase: UseCaseBody }>(USE_CASE, { id: 'read-me', token });
      expect(one.errors).toBeUndefined();
      expect(one.data?.useCase).toEqual({ id: 'read-me', ...details, name: 'Read me', status: 'ACTIVE', registeredBy: { id: 'acme-devices' } });
      const missing = await acme(USE_CASE, { id: 'no-such-use-case', token });
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      type Page = { useCases: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ cursor: string; node: UseCaseBody }> } };
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (;;) {
        const page: Awaited<ReturnType<typeof acme<Page>>> = await acme<Page>(USE_CASES, { first: 2, after, token });
        expect(page.errors).toBeUndefined();
        const body = page.data!.useCases;
        total = body.totalCount;
        expect(body.edges.length).toBeLessThanOrEqual(2);
        seen.push(...body.edges.map((edge) => edge.node.id));
        if (!body.pageInfo.hasNextPage) break;
        expect(body.pageInfo.endCursor).toBe(body.edges.at(-1)?.cursor);
        after = body.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen).toEqual(expect.arrayContaining(['car-public-roads', 'smart-lock', 'old-meter', 'read-me']));

      const badCursor = await acme(USE_CASES, { first: 2, after: 'not-a-cursor' });
      expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const tooMany = await acme(USE_CASES, { first: 1000 });
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });
  });
}
