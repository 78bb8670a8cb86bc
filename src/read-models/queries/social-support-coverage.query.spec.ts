import { afterEach, describe, expect, it } from '@jest/globals';
import type { ClauseInput } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { openHarness, tableHashes, type Harness } from '../../../test/support/read-model-harness.js';
import * as story from '../../../test/support/negotiation.fixture.js';
import { ACME, HARBOR, METRO, ROGUE, TRUST } from '../../../test/support/negotiation.fixture.js';
import { TEST_BACKENDS } from '../../../test/support/test-databases.js';
import { SocialSupportCoverageQuery, type SocialSupportCell } from './social-support-coverage.query.js';

const AUDITOR = { organizationId: 'audit-office', seesEverything: true };
const party = (organizationId: string) => ({ organizationId, seesEverything: false });

const insurance = (amount: number, currency: string): ClauseInput => ({ ...story.INSURANCE, title: `Liability insurance (${currency})`, coverage: { amount, currency } });
/** The hospital cell's coverage totals: `euros`, and agr-a's 500,000,000 JPY throughout. */
const totalsWithEuros = (euros: number) => [
  { currency: 'EUR', amount: euros },
  { currency: 'JPY', amount: 500_000_000 },
];
const hospital = (cells: SocialSupportCell[]) => cells.find((cell) => cell.recovery === 'SEVERE' && cell.economic === 'CATASTROPHIC')!;

/** Counts the statements sent through the database (a view of the real one, not a fake). */
function countingStatements(database: SqlDatabase): { database: SqlDatabase; statements: () => number } {
  let statements = 0;
  const counting = new Proxy(database, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === 'query') {
        return (...args: Parameters<SqlDatabase['query']>) => {
          statements += 1;
          return target.query(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { database: counting, statements: () => statements };
}

describe.each(TEST_BACKENDS)('fourth-perspective coverage, counted by the agreements projection (%s)', (backend) => {
  let h: Harness;

  afterEach(async () => {
    await h.test.drop();
  });

  /**
   * Three agreements of the hospital's category (SOCIAL_SUPPORT required): one with two insurance
   * clauses (0.1 EUR and 500,000,000 JPY), one with 0.2 EUR, one without terms (uncovered). The
   * terms hold insurance only: what the other perspectives hold does not count here.
   */
  async function threeHospitalAgreements(): Promise<void> {
    h = await openHarness(backend, 3);
    const s = h.scenario;
    await story.setUp(s);
    await story.openHospitalAssessment(s);
    await story.agreeHospitalAssessment(s);
    await s.openAgreement('agr-a', 'asm-hospital', [METRO, HARBOR], ACME);
    await s.agreement('agr-a', 'ProposeTerms', { baseVersion: 0, clauses: [insurance(0.1, 'EUR'), insurance(500_000_000, 'JPY')] }, ACME);
    await s.openAgreement('agr-b', 'asm-hospital', [HARBOR, TRUST], ACME);
    await s.agreement('agr-b', 'ProposeTerms', { baseVersion: 0, clauses: [insurance(0.2, 'EUR')] }, ACME);
    await s.openAgreement('agr-c', 'asm-hospital', [METRO], ACME);
    await h.project();
  }

  it('counts every line for everyone, sums the amounts as written, and follows the agreements as they change', async () => {
    await threeHospitalAgreements();
    const query = new SocialSupportCoverageQuery(h.database);
    for (const viewer of [AUDITOR, party(ACME), party(ROGUE)]) {
      // 0.1 + 0.2 in doubles is 0.30000000000000004.
      expect(hospital(await query.report(viewer))).toMatchObject({
        required: 3,
        recommended: 0,
        covered: 2,
        uncoveredCount: 1,
        coverageTotals: totalsWithEuros(0.3),
      });
    }

    // agr-b's new terms replace its 0.2 EUR by 0.25, then by 1.5; agr-c is withdrawn (closed: no
    // longer counted). Kept by delta, the EUR total passes through 0.35 (two decimals) to 1.6.
    await h.scenario.agreement('agr-b', 'ProposeTerms', { baseVersion: 1, clauses: [insurance(0.25, 'EUR')] }, TRUST);
    await h.project();
    await h.scenario.agreement('agr-b', 'ProposeTerms', { baseVersion: 2, clauses: [insurance(1.5, 'EUR')] }, TRUST);
    await h.scenario.agreement('agr-c', 'WithdrawFromAgreement', { reason: 'Out of scope' }, METRO);
    await h.project();
    const after = hospital(await query.report(party(HARBOR)));
    expect(after).toMatchObject({
      required: 2,
      covered: 2,
      uncoveredCount: 0,
      hiddenCount: 0,
      coverageTotals: totalsWithEuros(1.6),
    });

    // Kept by delta, the counters are what a rebuild from the log writes (1.6, not 1.60).
    const { rows: eur } = await h.database.query<{ value: string }>(`SELECT value::text AS value FROM social_support_total WHERE currency = 'EUR'`);
    expect(eur).toEqual([{ value: '1.6' }]);
    const kept = await tableHashes(h.database, h.projections);
    for (const projection of h.projections) await h.runner.rebuild(projection);
    expect(await tableHashes(h.database, h.projections)).toEqual(kept);
  });

  it("gives details of a party's own agreements only, and counts the others as hidden", async () => {
    await threeHospitalAgreements();
    const query = new SocialSupportCoverageQuery(h.database);
    const metro = hospital(await query.report(party(METRO)));
    expect(metro.hiddenCount).toBe(1);
    const details = await metro.details();
    expect(details.map((agreement) => [agreement.agreementId, agreement.covered, agreement.termsVersion])).toEqual([
      ['agr-a', true, 1],
      ['agr-c', false, null],
    ]);
    expect(details[0].insuranceClauses.map((clause) => [clause.amount, clause.currency, clause.responsiblePartyId])).toEqual([
      [0.1, 'EUR', HARBOR],
      [500_000_000, 'JPY', HARBOR],
    ]);

    const rogue = await query.report(party(ROGUE));
    expect(hospital(rogue).hiddenCount).toBe(3);
    expect((await Promise.all(rogue.map((cell) => cell.details()))).flat()).toEqual([]);

    const auditor = await query.report(AUDITOR);
    expect(auditor.map((cell) => cell.hiddenCount)).toEqual(Array(9).fill(0));
    expect((await hospital(auditor).details()).map((agreement) => agreement.agreementId)).toEqual(['agr-a', 'agr-b', 'agr-c']);
  });

  it('reads the lines only when details are asked for, once for the whole report', async () => {
    await threeHospitalAgreements();
    const { database, statements } = countingStatements(h.database);
    const cells = await new SocialSupportCoverageQuery(database).report(AUDITOR);
    expect(statements()).toBe(1);
    await Promise.all(cells.map((cell) => cell.details()));
    await Promise.all(cells.map((cell) => cell.details()));
    expect(statements()).toBe(2);
  });
});
