import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_BACKENDS } from '../../test/support/test-databases.js';
import { openHarness, type Harness } from '../../test/support/read-model-harness.js';
import * as story from '../../test/support/negotiation.fixture.js';
import { ACME, CLOUDLINE, HARBOR, METRO, ROGUE, TRUST } from '../../test/support/negotiation.fixture.js';
import {
  AgreementQueries,
  AssessmentQueries,
  AuditLogQuery,
  CategoryMatrixQuery,
  ComparisonQuery,
  InboxQuery,
  ObligationsQuery,
  OrganizationQueries,
  PolicyProfileQueries,
  SocialSupportCoverageQuery,
  UseCaseQueries,
  type AuditEntry,
  type CategoryCell,
  type InboxItem,
} from './index.js';

const party = (organizationId: string) => ({ organizationId, seesEverything: false });
const AUDITOR = { organizationId: 'audit-office', seesEverything: true };

const cell = (cells: CategoryCell[], recovery: string, economic: string) => cells.find((c) => c.recovery === recovery && c.economic === economic)!;
const kinds = (items: InboxItem[]) => items.map((i) => `${i.kind}:${i.assessmentId ?? i.agreementId}`).sort();

describe.each(TEST_BACKENDS)('read models after a realistic negotiation (%s)', (backend) => {
  let h: Harness;
  let inbox: InboxQuery;
  const seen: Record<string, Record<string, string[]>> = {};

  async function snapshotInbox(label: string) {
    await h.project();
    seen[label] = {};
    for (const org of [ACME, METRO, HARBOR, TRUST, CLOUDLINE]) seen[label][org] = kinds(await inbox.forOrganization(org));
  }

  beforeAll(async () => {
    h = await openHarness(backend, 7);
    inbox = new InboxQuery(h.database);
    const s = h.scenario;
    await story.setUp(s);
    await story.openHospitalAssessment(s);
    await snapshotInbox('proposed');
    await story.challengeHospitalAssessment(s);
    await snapshotInbox('challenged');
    await story.agreeHospitalAssessment(s);
    await story.agreeHomeAssessment(s);
    await story.negotiateHospital(s);
    await snapshotInbox('v1 fails the check');
    await story.counterProposeHospital(s);
    await snapshotInbox('v2 proposed');
    await s.signCurrent('agr-hospital', ACME);
    await snapshotInbox('v2 signed by acme');
    for (const org of [METRO, HARBOR, TRUST]) await s.signCurrent('agr-hospital', org);
    await story.amendHospital(s);
    await story.homeAgreements(s);
    await snapshotInbox('home rejected');
    await story.closeHomeAgreements(s);
    await s.agreement('agr-hospital', 'ProposeTermination', { reason: 'Ward closes' }, HARBOR);
    await snapshotInbox('termination proposed');
    await s.agreement('agr-hospital', 'RejectTermination', { reason: 'Ward stays open' }, METRO);
    await h.project();
  });

  afterAll(async () => {
    await h.test.drop();
  });

  it('puts the same camera in two cells through its two use cases', async () => {
    const cells = await new CategoryMatrixQuery(h.database).cells();
    expect(cells.map((c) => `${c.recovery}/${c.economic}`)).toEqual([
      'LIMITED/LIMITED', 'LIMITED/SERIOUS', 'LIMITED/CATASTROPHIC',
      'SERIOUS/LIMITED', 'SERIOUS/SERIOUS', 'SERIOUS/CATASTROPHIC',
      'SEVERE/LIMITED', 'SEVERE/SERIOUS', 'SEVERE/CATASTROPHIC',
    ]);
    const severe = cell(cells, 'SEVERE', 'CATASTROPHIC');
    expect(severe).toMatchObject({ useCases: 1, assessmentsAgreed: 1, agreementsConcluded: 1 });
    expect(severe.agreementsByStatus.filter((s) => s.count > 0)).toEqual([{ status: 'CONCLUDED', count: 1 }]);
    expect(severe.perspectives).toEqual([
      { perspective: 'BEFORE_OPERATION', required: 1, covered: 1, gaps: 0 },
      { perspective: 'DURING_OPERATION', required: 1, covered: 1, gaps: 0 },
      { perspective: 'OPERATOR_COMPETENCE', required: 1, covered: 1, gaps: 0 },
      { perspective: 'SOCIAL_SUPPORT', required: 1, covered: 1, gaps: 0 },
    ]);
    const home = cell(cells, 'LIMITED', 'SERIOUS');
    expect(home).toMatchObject({ useCases: 1, assessmentsAgreed: 1, agreementsConcluded: 0 });
    expect(home.agreementsByStatus.filter((s) => s.count > 0)).toEqual([
      { status: 'NEGOTIATING', count: 1 },
      { status: 'WITHDRAWN', count: 1 },
    ]);
    // Only the live agreement counts; LIMITED/SERIOUS requires BEFORE_OPERATION only.
    expect(home.perspectives.find((p) => p.perspective === 'BEFORE_OPERATION')).toEqual({ perspective: 'BEFORE_OPERATION', required: 1, covered: 1, gaps: 0 });
    expect(home.perspectives.filter((p) => p.perspective !== 'BEFORE_OPERATION').every((p) => p.required === 0)).toBe(true);
    const empty = cells.filter((c) => c !== severe && c !== home);
    expect(empty.every((c) => c.useCases === 0 && c.assessmentsAgreed === 0 && c.agreementsByStatus.every((s) => s.count === 0))).toBe(true);
    // The cells name no party.
    expect(JSON.stringify(cells)).not.toMatch(/acme|metro|harbor|trust|cloudline/);
  });

  it('shows the agreement to its current parties and hides it from others, withdrawn parties included', async () => {
    const agreements = new AgreementQueries(h.database);
    const found = await agreements.byId('agr-hospital', party(HARBOR));
    expect(found).toMatchObject({ visible: true, state: { status: 'CONCLUDED', parties: [ACME, METRO, HARBOR, TRUST] } });
    if (!found?.visible) throw new Error('unreachable');
    expect(found.state.concluded?.version).toBe(3);
    expect(found.state.current?.version).toBe(3);
    expect(found.state.latestVersion).toBe(4);
    expect(found.openedAt < found.updatedAt).toBe(true);
    expect(await agreements.byId('agr-hospital', party(ROGUE))).toEqual({ visible: false });
    expect(await agreements.byId('agr-hospital', AUDITOR)).toMatchObject({ visible: true });
    expect(await agreements.byId('nope', AUDITOR)).toBeNull();
    expect(await agreements.byId('agr-home-2', party(CLOUDLINE))).toEqual({ visible: false });
    expect(await agreements.byId('agr-home-2', AUDITOR)).toMatchObject({ visible: true, state: { withdrawnParties: [CLOUDLINE] } });

    const assessments = new AssessmentQueries(h.database);
    expect(await assessments.byId('asm-hospital', party(METRO))).toMatchObject({
      visible: true,
      state: { status: 'AGREED', revision: 2, agreedCategory: { recovery: 'SEVERE', economic: 'CATASTROPHIC' } },
    });
    // A party of an agreement on the assessment sees the assessment; an outsider does not.
    expect(await assessments.byId('asm-hospital', party(TRUST))).toMatchObject({ visible: true });
    expect(await assessments.byId('asm-hospital', party(ROGUE))).toEqual({ visible: false });
    expect(await assessments.byId('asm-none', party(ROGUE))).toBeNull();
  });

  it('pages agreements and assessments with opaque cursors, filters and visibility', async () => {
    const agreements = new AgreementQueries(h.database);
    const first = await agreements.page({ first: 2 }, AUDITOR);
    expect(await first.countTotal()).toBe(3);
    expect(first.nodes.map((n) => n.agreementId)).toEqual(['agr-hospital', 'agr-home']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    // A page gives the states as they are, concluded terms too (stored as a reference to the current ones).
    const { openedAt: _openedAt, updatedAt: _updatedAt, ...paged } = first.nodes[0];
    expect(paged.concluded?.clauses.length).toBeGreaterThan(0);
    const hospital = await agreements.byId('agr-hospital', AUDITOR);
    if (!hospital?.visible) throw new Error('unreachable');
    expect(paged).toEqual(hospital.state);
    const second = await agreements.page({ first: 2, after: first.pageInfo.endCursor! }, AUDITOR);
    expect(second.nodes.map((n) => n.agreementId)).toEqual(['agr-home-2']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // The total is over every page: the cursor does not narrow it.
    expect(await second.countTotal()).toBe(3);
    expect((await agreements.page({ first: 10, status: 'WITHDRAWN' }, AUDITOR)).nodes.map((n) => n.agreementId)).toEqual(['agr-home']);
    expect(await (await agreements.page({ first: 10, useCaseId: 'uc-home' }, AUDITOR)).countTotal()).toBe(2);
    expect((await agreements.page({ first: 10 }, party(HARBOR))).nodes.map((n) => n.agreementId)).toEqual(['agr-hospital']);
    const none = await agreements.page({ first: 10 }, party(ROGUE));
    expect(none).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, countTotal: expect.any(Function) });
    expect(await none.countTotal()).toBe(0);

    const assessments = new AssessmentQueries(h.database);
    expect((await assessments.page({ first: 10 }, party(CLOUDLINE))).nodes.map((n) => n.assessmentId)).toEqual(['asm-home']);
    expect((await assessments.page({ first: 1 }, AUDITOR)).pageInfo.hasNextPage).toBe(true);
    await expect(assessments.page({ first: 1, after: 'garbage' }, AUDITOR)).rejects.toThrow('cursor');
  });

  it('counts the total only when asked, once, with the filters and visibility rule of the page', async () => {
    // The real database, with every statement recorded on its way through.
    const statements: string[] = [];
    const recording = new Proxy(h.database, {
      get(target, property) {
        if (property === 'query') return (text: string, params?: unknown[]) => (statements.push(text), target.query(text, params));
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    // A count over the rows, or the agreements' counters that replace it for visibility and status filters.
    const counts = () => statements.filter((text) => /count\(\*\)|FROM agreement_count\b/.test(text)).length;
    const agreements = new AgreementQueries(recording);
    const assessments = new AssessmentQueries(recording);
    const useCases = new UseCaseQueries(recording);

    const page = await agreements.page({ first: 1 }, party(METRO));
    await assessments.page({ first: 1 }, party(METRO));
    await useCases.page({ first: 1 });
    expect(statements).toHaveLength(3);
    expect(counts()).toBe(0);
    const [once, again] = await Promise.all([page.countTotal(), page.countTotal()]);
    expect(await page.countTotal()).toBe(once);
    expect(again).toBe(once);
    expect(counts()).toBe(1);

    // Whoever asks and however it is filtered, the total is what walking every page finds.
    async function walk<N>(next: (after?: string) => Promise<{ nodes: N[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }>) {
      let found = 0;
      let after: string | undefined;
      for (;;) {
        const current = await next(after);
        found += current.nodes.length;
        if (!current.pageInfo.hasNextPage) return found;
        after = current.pageInfo.endCursor!;
      }
    }
    const viewers = [AUDITOR, ...[ACME, METRO, HARBOR, TRUST, CLOUDLINE, ROGUE].map(party)];
    const totals: Record<string, number> = {};
    for (const viewer of viewers) {
      for (const filter of [{}, { useCaseId: 'uc-home' }, { useCaseId: 'uc-hospital' }, { status: 'CONCLUDED' as const }, { status: 'WITHDRAWN' as const }]) {
        const first = await agreements.page({ first: 1, ...filter }, viewer);
        const second = first.pageInfo.endCursor ? await agreements.page({ first: 1, after: first.pageInfo.endCursor, ...filter }, viewer) : first;
        const total = await walk((after) => agreements.page({ first: 1, after, ...filter }, viewer));
        expect([await first.countTotal(), await second.countTotal()]).toEqual([total, total]);
        totals[`agreements ${viewer.organizationId} ${JSON.stringify(filter)}`] = total;
      }
      for (const filter of [{}, { useCaseId: 'uc-home' }, { useCaseId: 'uc-hospital' }]) {
        const first = await assessments.page({ first: 1, ...filter }, viewer);
        const total = await walk((after) => assessments.page({ first: 1, after, ...filter }, viewer));
        expect(await first.countTotal()).toBe(total);
        totals[`assessments ${viewer.organizationId} ${JSON.stringify(filter)}`] = total;
      }
    }
    expect(totals).toMatchObject({
      'agreements audit-office {}': 3,
      'agreements audit-office {"useCaseId":"uc-home"}': 2,
      'agreements audit-office {"status":"WITHDRAWN"}': 1,
      [`agreements ${HARBOR} {}`]: 1,
      [`agreements ${HARBOR} {"useCaseId":"uc-home"}`]: 0,
      [`agreements ${ROGUE} {}`]: 0,
      'assessments audit-office {}': 2,
      // Cloudline took part in the home assessment only.
      [`assessments ${CLOUDLINE} {}`]: 1,
      [`assessments ${CLOUDLINE} {"useCaseId":"uc-hospital"}`]: 0,
      [`assessments ${ROGUE} {}`]: 0,
    });
    expect(await walk((after) => useCases.page({ first: 1, after }))).toBe(await (await useCases.page({ first: 1 })).countTotal());
  });

  it('answers organizations, use cases and policy profiles', async () => {
    expect(await new OrganizationQueries(h.database).byId(HARBOR)).toMatchObject({ status: 'ACTIVE', roles: ['INSURER'] });
    expect((await new OrganizationQueries(h.database).list()).map((o) => o.organizationId)).toHaveLength(6);
    const useCases = new UseCaseQueries(h.database);
    expect(await useCases.byId('uc-hospital')).toMatchObject({ domain: 'MEDICAL', formOfUse: { environment: 'hospital ward' } });
    const page = await useCases.page({ first: 1 });
    expect(await page.countTotal()).toBe(2);
    expect((await useCases.page({ first: 1, after: page.pageInfo.endCursor! })).nodes.map((n) => n.useCaseId)).toEqual(['uc-hospital']);
    expect(await new PolicyProfileQueries(h.database).byId('default')).toMatchObject({ status: 'DEFINED', version: 1 });
  });

  it('lists the obligations of the version in force', async () => {
    const obligations = new ObligationsQuery(h.database);
    const metro = await obligations.forOrganization(METRO);
    expect(metro.map((o) => [o.agreementId, o.concludedVersion, o.clauseIndex, o.clause.title])).toEqual([
      ['agr-hospital', 3, 1, 'Periodic inspection'],
      ['agr-hospital', 3, 2, 'Licensed operators'],
    ]);
    expect(metro[0].clause.confirmation.frequency).toBe('monthly');
    expect(metro[0]).toMatchObject({ useCaseId: 'uc-hospital', category: { recovery: 'SEVERE', economic: 'CATASTROPHIC' } });
    expect((await obligations.forOrganization(HARBOR)).map((o) => o.clause.coverage)).toEqual([{ amount: 5_000_000, currency: 'EUR' }]);
    // Nothing from agreements not in force.
    expect(await obligations.forOrganization(CLOUDLINE)).toEqual([]);
    expect((await obligations.forOrganization(ACME)).map((o) => o.agreementId)).toEqual(['agr-hospital']);
  });

  it('keeps each inbox current along the way', async () => {
    expect(seen.proposed[ACME]).toEqual(['ENDORSE_ASSESSMENT:asm-hospital']);
    expect(seen.proposed[METRO]).toEqual(['ENDORSE_ASSESSMENT:asm-hospital']);
    expect(seen.challenged[METRO]).toEqual([]);
    expect(seen.challenged[ACME]).toEqual(['ANSWER_CHALLENGE:asm-hospital', 'ENDORSE_ASSESSMENT:asm-hospital']);
    expect(seen.challenged[HARBOR]).toEqual(['ENDORSE_ASSESSMENT:asm-hospital']);
    // v1 misses SOCIAL_SUPPORT: nobody can sign, the proposer is asked for new terms.
    expect(seen['v1 fails the check'][ACME]).toEqual(['PROPOSE_TERMS:agr-hospital']);
    expect(seen['v1 fails the check'][HARBOR]).toEqual([]);
    for (const org of [ACME, METRO, HARBOR, TRUST]) expect(seen['v2 proposed'][org]).toEqual(['SIGN_TERMS:agr-hospital']);
    expect(seen['v2 signed by acme'][ACME]).toEqual([]);
    expect(seen['v2 signed by acme'][TRUST]).toEqual(['SIGN_TERMS:agr-hospital']);
    expect(seen['home rejected'][ACME]).toEqual(['PROPOSE_TERMS:agr-home']);
    expect(seen['home rejected'][METRO]).toEqual([]);
    for (const org of [ACME, METRO, HARBOR, TRUST]) expect(seen['termination proposed'][org]).toContain('SIGN_TERMINATION:agr-hospital');
    expect(seen['termination proposed'][METRO]).toContain('SIGN_TERMS:agr-home-2');

    const items = await inbox.forOrganization(ACME);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'SIGN_TERMS', agreementId: 'agr-home-2', version: 1, since: expect.stringMatching(/^2026-03-02T/) }),
    ]);
    expect(await inbox.forOrganization(HARBOR)).toEqual([]);
  });

  it('reports fourth-perspective coverage, with details for parties only', async () => {
    const query = new SocialSupportCoverageQuery(h.database);
    const all = await query.report(AUDITOR);
    expect(all).toHaveLength(9);
    const severe = all.find((c) => c.recovery === 'SEVERE' && c.economic === 'CATASTROPHIC')!;
    expect(severe).toMatchObject({ required: 1, recommended: 0, covered: 1, uncoveredCount: 0, hiddenCount: 0, coverageTotals: [{ currency: 'EUR', amount: 5_000_000 }] });
    expect(await severe.details()).toEqual([
      {
        agreementId: 'agr-hospital',
        status: 'CONCLUDED',
        level: 'REQUIRED',
        covered: true,
        termsVersion: 3,
        insuranceClauses: [{ title: 'Liability insurance', responsiblePartyId: HARBOR, method: 'INSURANCE_POLICY', amount: 5_000_000, currency: 'EUR' }],
      },
    ]);
    const home = all.find((c) => c.recovery === 'LIMITED' && c.economic === 'SERIOUS')!;
    expect(home).toMatchObject({ required: 0, recommended: 1, covered: 0, uncoveredCount: 1 });
    expect((await home.details()).filter((a) => !a.covered).map((a) => a.agreementId)).toEqual(['agr-home-2']);

    const harbor = await query.report(party(HARBOR));
    const harborHome = harbor.find((c) => c.recovery === 'LIMITED' && c.economic === 'SERIOUS')!;
    expect(harborHome).toMatchObject({ recommended: 1, uncoveredCount: 1, hiddenCount: 1 });
    expect(await harborHome.details()).toEqual([]);
    expect(await harbor.find((c) => c.recovery === 'SEVERE' && c.economic === 'CATASTROPHIC')!.details()).toHaveLength(1);
    const rogue = await query.report(party(ROGUE));
    const rogueDetails = await Promise.all(rogue.map((c) => c.details()));
    expect(JSON.stringify([rogue, rogueDetails])).not.toMatch(/agr-|harbor|acme/);
    expect(rogue.reduce((hidden, c) => hidden + c.hiddenCount, 0)).toBe(all.reduce((counted, c) => counted + c.required + c.recommended, 0));
  });

  it('compares what concluded agreements of a category contain', async () => {
    const comparison = await new ComparisonQuery(h.database).forCategory({ recovery: 'SEVERE', economic: 'CATASTROPHIC' });
    expect(comparison.agreements).toBe(1);
    expect(comparison.perspectives.map((p) => [p.perspective, p.agreements])).toEqual([
      ['BEFORE_OPERATION', 1],
      ['DURING_OPERATION', 1],
      ['OPERATOR_COMPETENCE', 1],
      ['SOCIAL_SUPPORT', 1],
    ]);
    expect(comparison.templates.map((t) => t.templateId).sort()).toEqual(['isoc-secure-software-update', 'isoc-security-across-lifecycle']);
    expect(comparison.titles.map((t) => t.title)).toContain('liability insurance');
    const home = await new ComparisonQuery(h.database).forCategory({ recovery: 'LIMITED', economic: 'SERIOUS' });
    expect(home).toMatchObject({ agreements: 0, templates: [], titles: [] });
  });

  it('pages the audit log in commit order, whole or per aggregate', async () => {
    const audit = new AuditLogQuery(h.database);
    const all: AuditEntry[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await audit.page({ first: 9, after });
      all.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    const log = await h.store.readAll({ limit: 10_000 });
    expect(all.map((e) => e.eventId)).toEqual(log.events.map((e) => e.eventId));
    expect(all[0]).toMatchObject({ aggregateKind: 'organization', aggregateId: ACME, revision: 0, actor: { organizationId: 'consortium' } });
    const hospital = await audit.page({ first: 100, aggregateId: 'agr-hospital' });
    const stream = await h.store.readStream('agreement-agr-hospital');
    expect(hospital.nodes.map((e) => [e.revision, e.type, e.hash])).toEqual(stream.map((e) => [e.revision, e.type, e.hash]));
    expect(hospital.nodes[1].previousHash).toBe(hospital.nodes[0].hash);
  });
});
