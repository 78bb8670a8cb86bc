import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  agreementDecider,
  assessmentDecider,
  fold,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type AgreementTermsProposed,
  type AssessmentCommand,
  type AssessmentEvent,
  type AssessmentState,
  type ClauseInput,
  type Decider,
} from '@app/domain';
import { ACME, actor, AUDIT, by, HARBOR, LOW, METRO, MID, ROGUE, TRUST } from '@app/domain/testing/fixtures.js';
import { AGREEMENT_ID, declaration, markForReview, openAgreement } from '@app/domain/testing/agreement.fixtures.js';
import { ASSESSMENT, challenge, endorse, open as openAssessment, propose as proposeAssessment, reopen } from '@app/domain/testing/assessment.fixtures.js';
import { PostgresEventStore, type EventActor, type RecordedEvent, type SqlDatabase } from '@app/event-store';
import { AggregateCommands } from '../src/application/aggregate-commands.service.js';
import { ApplicationError } from '../src/application/application-error.js';
import { AuditService } from '../src/audit/audit.service.js';
import { SNAPSHOT_EVERY, snapshotDigest, StreamSnapshots } from '../src/audit/stream-snapshots.js';
import { AGREEMENT_STATE_VERSION, ASSESSMENT_STATE_VERSION } from '../src/audit/time-travel.js';
import { AssessmentQueries } from '../src/read-models/index.js';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from './support/test-databases.js';

/**
 * Time travel from snapshots (src/audit/time-travel.ts) against the real stores: every answer of
 * agreementAt / assessmentAt must be exactly what folding the stream from its first event gives,
 * whatever the snapshots table holds (nothing, rows of another state version, corrupted rows) and
 * even when the table cannot be read or written.
 */

const AUDITOR = actor(AUDIT);
const AGREEMENT_STREAM = `agreement-${AGREEMENT_ID}`;
const ASSESSMENT_STREAM = `assessment-${ASSESSMENT}`;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

/** The answer as the service computed it before snapshots: filter by recorded time, cut at the first newer proposal, fold. */
function agreementFromFirstEvent(events: RecordedEvent[], asOf: number | null, version: number | null): AgreementState {
  let prefix = asOf !== null ? events.filter((event) => Date.parse(event.recordedAt) <= asOf) : events;
  if (version !== null) {
    const next = prefix.findIndex((event) => event.type === 'AgreementTermsProposed' && (event.data as AgreementTermsProposed['data']).version > version);
    if (next >= 0) prefix = prefix.slice(0, next);
  }
  return fold(agreementDecider, prefix.map((event) => ({ type: event.type, data: event.data }) as AgreementEvent));
}

function assessmentFromFirstEvent(events: RecordedEvent[], asOf: number): AssessmentState {
  const prefix = events.filter((event) => Date.parse(event.recordedAt) <= asOf);
  return fold(assessmentDecider, prefix.map((event) => ({ type: event.type, data: event.data }) as AssessmentEvent));
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs commands through the real decider and appends what it decides, one command per append. */
async function grow<C, E extends { type: string; data: unknown }, S>(
  store: PostgresEventStore,
  stream: string,
  decider: Decider<C, E, S>,
  next: (state: S, pick: () => number) => C | null,
  targetEvents: number,
  seed: number,
): Promise<number> {
  const pick = random(seed);
  let state = decider.initialState();
  let revision = -1;
  for (let attempt = 0; attempt < targetEvents * 20 && revision + 1 < targetEvents; attempt++) {
    const command = next(state, pick);
    if (command === null) break;
    let decided: E[];
    try {
      decided = decider.decide(command, state);
    } catch {
      continue; // refused by the domain: try something else
    }
    if (decided.length === 0) continue;
    const metadata = (command as { metadata: { actor: EventActor; now: string } }).metadata;
    const result = await store.appendToStream(
      stream,
      decided.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data,
        occurredAt: metadata.now,
        metadata: { actor: metadata.actor, correlationId: randomUUID(), causationId: null, idempotencyKey: randomUUID() },
      })),
      { expectedRevision: revision < 0 ? 'no_stream' : revision },
    );
    revision = result.nextExpectedRevision;
    state = decided.reduce((folded, event) => decider.evolve(folded, event), state);
  }
  return revision + 1;
}

const PARTIES = [ACME, METRO, HARBOR, TRUST];

function inspection(responsible: string, text: string): ClauseInput {
  return {
    perspective: 'DURING_OPERATION',
    title: 'Periodic inspection',
    text,
    responsiblePartyId: responsible,
    confirmation: { method: 'SELF_INSPECTION', frequency: 'quarterly' },
    references: [],
  };
}

/** A negotiation with every kind of agreement event: proposals, rejections, sign-offs, conclusions, amendments withdrawn, reviews, terminations refused. */
function nextAgreementCommand(state: AgreementState, pick: () => number, step: { n: number }): AgreementCommand | null {
  step.n += 1;
  const now = new Date(T0 + step.n * 1000).toISOString();
  const org = PARTIES[Math.floor(pick() * PARTIES.length)];
  if (state.status === 'NONE') return { ...openAgreement({ parties: [...PARTIES, ROGUE], now }) };
  if (state.status === 'TERMINATED' || state.status === 'WITHDRAWN') return null;
  const roll = pick();
  const current = state.current;
  if (state.parties.includes(ROGUE) && step.n > 40 && roll < 0.3) {
    return { type: 'WithdrawFromAgreement', data: { agreementId: AGREEMENT_ID, reason: 'Left the consortium' }, metadata: by(ROGUE, now) };
  }
  if (roll < 0.2 || !current) {
    const clauses = [declaration(org, `Secure development ${step.n}`), ...(pick() < 0.7 ? [inspection(METRO, `Inspection, revision ${step.n}`)] : [])];
    return { type: 'ProposeTerms', data: { agreementId: AGREEMENT_ID, baseVersion: current?.version ?? 0, clauses }, metadata: by(org, now) };
  }
  if (roll < 0.27) return { type: 'RejectTerms', data: { agreementId: AGREEMENT_ID, version: current.version, reason: `Not yet (${step.n})` }, metadata: by(org, now) };
  if (roll < 0.3) {
    // Only to end an amendment: a party leaving a negotiation for good would end the stream early.
    if (state.status !== 'AMENDING') return nextAgreementCommand(state, pick, step);
    return { type: 'WithdrawFromAgreement', data: { agreementId: AGREEMENT_ID, reason: 'Amendment not needed' }, metadata: by(org, now) };
  }
  if (roll < 0.33) return { ...markForReview(state.category.recovery === 'LIMITED' ? MID : LOW), metadata: by('consortium', now) };
  if (roll < 0.35) return { type: 'ProposeTermination', data: { agreementId: AGREEMENT_ID, reason: 'Service discontinued' }, metadata: by(org, now) };
  if (roll < 0.37) return { type: 'RejectTermination', data: { agreementId: AGREEMENT_ID, reason: 'Still in service' }, metadata: by(org, now) };
  return { type: 'SignOff', data: { agreementId: AGREEMENT_ID, version: current.version, digest: current.digest }, metadata: by(org, now) };
}

const CATEGORIES = [LOW, MID, { recovery: 'SEVERE', economic: 'SERIOUS' }] as const;

function nextAssessmentCommand(state: AssessmentState, pick: () => number, step: { n: number }): AssessmentCommand | null {
  step.n += 1;
  const now = new Date(T0 + step.n * 1000).toISOString();
  const participants = [ACME, METRO, HARBOR];
  const org = participants[Math.floor(pick() * participants.length)];
  const category = CATEGORIES[Math.floor(pick() * CATEGORIES.length)] as (typeof CATEGORIES)[0];
  if (state.status === 'NONE') return { ...openAssessment(ACME, [METRO, HARBOR]), metadata: by(ACME, now) };
  const roll = pick();
  const withNow = <C extends AssessmentCommand>(command: C): C => ({ ...command, metadata: by(org, now) });
  if (state.status === 'AGREED') return withNow(reopen(org, category, `New incident data ${step.n}`));
  if (roll < 0.25 || state.current === null) return withNow(proposeAssessment(org, category, state.revision));
  if (roll < 0.4) return withNow(challenge(org, state.revision, category, `Reason ${step.n}`));
  return withNow(endorse(org, state.revision));
}

/**
 * Spreads the recorded times (7 s apart) and disorders some, as concurrent writers can: a few
 * revisions recorded later than the ones after them (one right at a snapshot's revision), one
 * recorded earlier than those before it, runs sharing one millisecond, and one sub-millisecond time.
 */
async function spreadRecordedTimes(database: SqlDatabase, stream: string): Promise<void> {
  await database.query(`UPDATE events SET recorded_at = $2::timestamptz + revision * interval '7 seconds' WHERE stream_id = $1`, [stream, new Date(T0).toISOString()]);
  await database.query(`UPDATE events SET recorded_at = recorded_at + interval '30 seconds' WHERE stream_id = $1 AND (revision % 41 = 13 OR revision IN (98, 199))`, [stream]);
  await database.query(`UPDATE events SET recorded_at = recorded_at - interval '30 seconds' WHERE stream_id = $1 AND revision IN (200, 257)`, [stream]);
  await database.query(
    `UPDATE events e SET recorded_at = p.recorded_at FROM events p
      WHERE e.stream_id = $1 AND p.stream_id = $1 AND p.revision = e.revision - 1 AND e.revision % 29 = 3`,
    [stream],
  );
  await database.query(`UPDATE events SET recorded_at = recorded_at + interval '400 microseconds' WHERE stream_id = $1 AND revision = 150`, [stream]);
}

/** Revisions whose recorded times are disordered by spreadRecordedTimes, and the snapshot boundaries. */
function revisionsOfInterest(count: number): number[] {
  const picked = new Set<number>([0, 1, count - 2, count - 1, 150]);
  for (let revision = 0; revision < count; revision++) {
    // Distance to the nearest snapshot revision (99, 199, ...).
    const offset = (revision + 1) % SNAPSHOT_EVERY;
    const nearSnapshot = Math.min(offset, SNAPSHOT_EVERY - offset) <= 2;
    if (nearSnapshot || revision % 41 === 13 || revision % 29 === 3 || [200, 257].includes(revision)) picked.add(revision);
  }
  return [...picked].filter((revision) => revision >= 0 && revision < count).sort((a, b) => a - b);
}

/**
 * Points in time: a millisecond before, at and after the recorded time of every revision of
 * interest (or of every revision with `all`), every `every`-th other distinct recorded time, and
 * before the first / after the last.
 */
function pointsInTime(events: RecordedEvent[], options: { all?: boolean; every?: number } = {}): number[] {
  const times = [...new Set(events.map((event) => Date.parse(event.recordedAt)))].sort((a, b) => a - b);
  const points = new Set<number>([times[0] - 60_000, times[times.length - 1] + 60_000]);
  const around = options.all ? events.map((_, revision) => revision) : revisionsOfInterest(events.length);
  for (const revision of around) for (const delta of [-1, 0, 1]) points.add(Date.parse(events[revision].recordedAt) + delta);
  times.forEach((time, index) => index % (options.every ?? 5) === 0 && points.add(time));
  return [...points].sort((a, b) => a - b);
}

type Outcome = { state: unknown } | { error: string };

async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { state: await work() };
  } catch (error) {
    if (error instanceof ApplicationError) return { error: `${error.publicCode} ${error.message}` };
    throw error;
  }
}

/** Compares exactly: same JSON text (so key order too) and strictly equal values. */
function differs(actual: Outcome, expected: Outcome): boolean {
  if ('error' in expected || 'error' in actual) return JSON.stringify(actual) !== JSON.stringify(expected);
  if (JSON.stringify(actual.state) !== JSON.stringify(expected.state)) return true;
  try {
    expect(actual.state).toStrictEqual(expected.state);
    return false;
  } catch {
    return true;
  }
}

for (const backend of TEST_BACKENDS) {
  describe(`time travel from snapshots on ${backend}`, () => {
    let test: TestDatabase;
    let database: SqlDatabase;
    let store: PostgresEventStore;
    let snapshots: StreamSnapshots;
    let audit: AuditService;
    let agreementEvents: RecordedEvent[];
    let assessmentEvents: RecordedEvent[];
    const warnings: string[] = [];

    const agreementAt = (asOf: number | null, version: number | null) =>
      outcome(() => audit.agreementAt(AUDITOR, AGREEMENT_ID, { asOf: asOf === null ? null : new Date(asOf), version }));
    const expectedAgreement = async (asOf: number | null, version: number | null): Promise<Outcome> => {
      const current = currentAgreement();
      if (current.status === 'NONE') return { error: `NOT_FOUND No agreement with id ${AGREEMENT_ID}` };
      if (version !== null && (version < 1 || version > current.latestVersion)) {
        return { error: `BAD_USER_INPUT version: version ${version} does not exist (latest is ${current.latestVersion})` };
      }
      const state = agreementFromFirstEvent(agreementEvents, asOf, version);
      return state.status === 'NONE' ? { error: `NOT_FOUND No agreement at that time with id ${AGREEMENT_ID}` } : { state };
    };

    /** Checks points (asOf, version) and returns the ones answered differently from a fold from the first event. */
    async function mismatches(points: Array<[number | null, number | null]>): Promise<string[]> {
      const wrong: string[] = [];
      for (const [asOf, version] of points) {
        const actual = await agreementAt(asOf, version);
        const expected = await expectedAgreement(asOf, version);
        if (differs(actual, expected)) wrong.push(`asOf ${asOf === null ? '-' : new Date(asOf).toISOString()} version ${version ?? '-'}`);
      }
      return wrong;
    }

    let folded: { events: RecordedEvent[]; state: AgreementState } | undefined;
    const currentAgreement = () => {
      if (folded?.events !== agreementEvents) folded = { events: agreementEvents, state: agreementFromFirstEvent(agreementEvents, null, null) };
      return folded.state;
    };
    const latestVersion = () => (currentAgreement() as { latestVersion: number }).latestVersion;

    /**
     * A sample over the whole life, with points served by each snapshot (and around each):
     * asOf alone, version alone, and both.
     */
    function samplePoints(): Array<[number | null, number | null]> {
      const at = (revision: number) => Date.parse(agreementEvents[Math.min(revision, agreementEvents.length - 1)].recordedAt);
      const last = latestVersion();
      const versions = [...new Set([1, 2, Math.round(last / 4), Math.round(last / 2), Math.round((3 * last) / 4), last - 1, last])];
      return [
        ...[0, 37, 98, 99, 100, 150, 180, 199, 200, 230, 257, 280, 299, 300, 330, agreementEvents.length - 1].flatMap((revision): Array<[number, null]> => [
          [at(revision) - 1, null],
          [at(revision), null],
        ]),
        ...versions.map((version): [null, number] => [null, version]),
        ...[120, 250, 320].flatMap((revision) => versions.slice(2).map((version): [number, number] => [at(revision), version])),
      ];
    }

    const snapshotRows = async (stream = AGREEMENT_STREAM, stateVersion = AGREEMENT_STATE_VERSION) =>
      (
        await database.query<{ revision: string; state_digest: string }>(
          `SELECT revision::text AS revision, state_digest FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2 ORDER BY stream_snapshots.revision`,
          [stream, stateVersion],
        )
      ).rows;

    beforeAll(async () => {
      test = await openTestDatabase(backend);
      database = test.database;
      store = new PostgresEventStore(database);
      snapshots = new StreamSnapshots(database);
      snapshots.logger = { warn: (message: string) => void warnings.push(message) };
      audit = new AuditService(store, new AggregateCommands(store), new AssessmentQueries(database), snapshots);
      const agreementSteps = { n: 0 };
      const appended = await grow(store, AGREEMENT_STREAM, agreementDecider, (state, pick) => nextAgreementCommand(state, pick, agreementSteps), 360, 7);
      const assessmentSteps = { n: 0 };
      await grow(store, ASSESSMENT_STREAM, assessmentDecider, (state, pick) => nextAssessmentCommand(state, pick, assessmentSteps), 240, 11);
      await spreadRecordedTimes(database, AGREEMENT_STREAM);
      await spreadRecordedTimes(database, ASSESSMENT_STREAM);
      agreementEvents = await store.readStream(AGREEMENT_STREAM);
      assessmentEvents = await store.readStream(ASSESSMENT_STREAM);
      if (agreementEvents.length !== appended) throw new Error(`read ${agreementEvents.length} events of ${appended}`);
    }, 180_000);

    afterAll(async () => {
      await test?.drop();
    });

    it('builds a stream with every kind of agreement event and disordered recorded times', () => {
      expect(agreementEvents.length).toBeGreaterThanOrEqual(350);
      expect(new Set(agreementEvents.map((event) => event.type))).toEqual(
        new Set([
          'AgreementOpened',
          'AgreementTermsProposed',
          'AgreementTermsRejected',
          'AgreementSignedOff',
          'AgreementConcluded',
          'AgreementPartyWithdrew',
          'AgreementAmendmentWithdrawn',
          'AgreementMarkedForReview',
          'AgreementTerminationProposed',
          'AgreementTerminationRejected',
        ]),
      );
      const times = agreementEvents.map((event) => Date.parse(event.recordedAt));
      expect(times.some((time, index) => index > 0 && time < times[index - 1])).toBe(true);
      expect(latestVersion()).toBeGreaterThan(20);
      expect(assessmentEvents.length).toBeGreaterThanOrEqual(200);
    });

    it('answers every asOf, every version and their combinations exactly as a fold from the first event', async () => {
      expect(await snapshotRows()).toEqual([]);
      // The first query folds the whole stream and writes the snapshots it passed.
      expect(await mismatches([[null, latestVersion()]])).toEqual([]);
      const stored = (await snapshotRows()).map((row) => Number(row.revision));
      expect(stored).toEqual(Array.from({ length: Math.floor(agreementEvents.length / SNAPSHOT_EVERY) }, (_, index) => (index + 1) * SNAPSHOT_EVERY - 1));

      // Exhaustive on PostgreSQL; on PGlite (slower per query) around every disordered time and snapshot boundary.
      const exhaustive = backend === 'postgres';
      const times = pointsInTime(agreementEvents, exhaustive ? { all: true, every: 1 } : { every: 6 });
      const versions = Array.from({ length: latestVersion() }, (_, index) => index + 1);
      const points: Array<[number | null, number | null]> = [
        ...times.map((asOf): [number, null] => [asOf, null]),
        ...versions.filter((_, index) => exhaustive || index % 2 === 0).map((version): [null, number] => [null, version]),
        // Both at once (the version's proposal may be recorded after asOf), on a grid.
        ...times
          .filter((_, index) => index % (exhaustive ? 9 : 20) === 0)
          .flatMap((asOf) => versions.filter((_, index) => index % (exhaustive ? 4 : 8) === 0).map((version): [number, number] => [asOf, version])),
        // Recorded out of order (one right before a snapshot, one right after): asOf there with every version, so the
        // version's proposal may be recorded after asOf and events after the snapshot bounding the version before it.
        ...[98, 199, 200, 257].flatMap((revision) =>
          [-1, 0].flatMap((delta) => versions.map((version): [number, number] => [Date.parse(agreementEvents[revision].recordedAt) + delta, version])),
        ),
        // Refusals answer the same too.
        [null, 0],
        [null, latestVersion() + 1],
      ];
      expect(points.length).toBeGreaterThan(exhaustive ? 1_200 : 300);
      expect(await mismatches(points)).toEqual([]);
      expect(warnings).toEqual([]);
      // Reads do not write what is already there.
      expect((await snapshotRows()).map((row) => Number(row.revision))).toEqual(stored);
    }, 300_000);

    it('answers assessmentAt exactly as a fold from the first event', async () => {
      const wrong: string[] = [];
      for (const asOf of pointsInTime(assessmentEvents, { every: backend === 'postgres' ? 1 : 4 })) {
        const actual = await outcome(() => audit.assessmentAt(AUDITOR, ASSESSMENT, new Date(asOf)));
        const state = assessmentFromFirstEvent(assessmentEvents, asOf);
        const expected: Outcome = state.status === 'NONE' ? { error: `NOT_FOUND No assessment at that time with id ${ASSESSMENT}` } : { state };
        if (differs(actual, expected)) wrong.push(new Date(asOf).toISOString());
      }
      expect(wrong).toEqual([]);
      expect((await snapshotRows(ASSESSMENT_STREAM, ASSESSMENT_STATE_VERSION)).map((row) => Number(row.revision))).toEqual([99, 199]);
      expect(warnings).toEqual([]);
    }, 120_000);

    it('ignores snapshots of another state version', async () => {
      // Rows that would be chosen first (newest, and serving every point) if the version were not checked.
      const bogus = JSON.stringify({ status: 'WITHDRAWN', from: 'another state shape' });
      for (const [stateVersion, revision] of [
        [AGREEMENT_STATE_VERSION + 1, agreementEvents.length - 1],
        [AGREEMENT_STATE_VERSION + 1, 0],
        [AGREEMENT_STATE_VERSION - 1, 150],
      ]) {
        const event = agreementEvents[revision];
        const recordedAt = new Date(T0 - 3_600_000).toISOString();
        await database.query(
          `INSERT INTO stream_snapshots (stream_id, state_version, revision, recorded_at, terms_version, event_hash, state, state_digest)
           VALUES ($1, $2, $3, $4, 0, $5, $6::json, $7)`,
          [AGREEMENT_STREAM, stateVersion, revision, recordedAt, event.hash, bogus, snapshotDigest(AGREEMENT_STREAM, stateVersion, revision, recordedAt, 0, event.hash, bogus)],
        );
      }
      expect(await mismatches(samplePoints())).toEqual([]);
      expect(warnings).toEqual([]);
      const { rows } = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM stream_snapshots WHERE stream_id = $1 AND state_version <> $2`, [
        AGREEMENT_STREAM,
        AGREEMENT_STATE_VERSION,
      ]);
      expect(rows[0].n).toBe(3);
    }, 120_000);

    describe('falls back to folding from the first event', () => {
      let original: Array<{ revision: string; state_digest: string }>;

      beforeAll(async () => {
        original = await snapshotRows();
      });

      const corrupt = async (sql: string, revision: number, params: unknown[] = []) => {
        const { rowCount } = await database.query(sql, [AGREEMENT_STREAM, AGREEMENT_STATE_VERSION, revision, ...params]);
        expect(rowCount).toBe(1);
      };

      it.each([
        ['a state changed behind the digest', `UPDATE stream_snapshots SET state = json_build_object('status', 'WITHDRAWN') WHERE stream_id = $1 AND state_version = $2 AND revision = $3`],
        ['a state cut short', `UPDATE stream_snapshots SET state = '{}'::json WHERE stream_id = $1 AND state_version = $2 AND revision = $3`],
        ['a recorded time moved back', `UPDATE stream_snapshots SET recorded_at = recorded_at - interval '1 hour' WHERE stream_id = $1 AND state_version = $2 AND revision = $3`],
        ['a terms version lowered', `UPDATE stream_snapshots SET terms_version = 1 WHERE stream_id = $1 AND state_version = $2 AND revision = $3`],
        ['a digest replaced', `UPDATE stream_snapshots SET state_digest = repeat('0', 64) WHERE stream_id = $1 AND state_version = $2 AND revision = $3`],
      ])('on %s, and writes the snapshot again', async (_case, sql) => {
        for (const revision of [199, agreementEvents.length - (agreementEvents.length % SNAPSHOT_EVERY) - 1]) {
          warnings.length = 0;
          await corrupt(sql, revision);
          expect(await mismatches(samplePoints())).toEqual([]);
          expect(warnings.some((warning) => warning.includes(`at revision ${revision}`))).toBe(true);
          expect(await snapshotRows()).toEqual(original);
        }
      }, 120_000);

      it('on a snapshot that names another event hash (digest recomputed), and writes it again', async () => {
        for (const revision of [199, 299]) {
          warnings.length = 0;
          const { rows } = await database.query<{ recorded_at: string; terms_version: number | null; state: string }>(
            `SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, terms_version, state::text AS state
               FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2 AND revision = $3`,
            [AGREEMENT_STREAM, AGREEMENT_STATE_VERSION, revision],
          );
          const wrongHash = createHash('sha256').update('another chain').digest('hex');
          const digest = snapshotDigest(AGREEMENT_STREAM, AGREEMENT_STATE_VERSION, revision, rows[0].recorded_at, rows[0].terms_version, wrongHash, rows[0].state);
          await corrupt(`UPDATE stream_snapshots SET event_hash = $4, state_digest = $5 WHERE stream_id = $1 AND state_version = $2 AND revision = $3`, revision, [wrongHash, digest]);
          expect(await mismatches(samplePoints())).toEqual([]);
          expect(warnings.some((warning) => warning.includes(`at revision ${revision}`) && warning.includes('hash'))).toBe(true);
          expect(await snapshotRows()).toEqual(original);
        }
      }, 120_000);

      it('on missing snapshots, and writes them again', async () => {
        await database.query(`DELETE FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2 AND revision IN (99, 199)`, [AGREEMENT_STREAM, AGREEMENT_STATE_VERSION]);
        expect(await mismatches(samplePoints())).toEqual([]);
        expect(await snapshotRows()).toEqual(original);
        await database.query(`DELETE FROM stream_snapshots WHERE stream_id = $1`, [AGREEMENT_STREAM]);
        expect(await mismatches(samplePoints())).toEqual([]);
        expect(await snapshotRows()).toEqual(original);
      }, 120_000);

      it('when snapshots cannot be written', async () => {
        warnings.length = 0;
        await database.query(`DELETE FROM stream_snapshots WHERE stream_id = $1`, [AGREEMENT_STREAM]);
        await database.query(`ALTER TABLE stream_snapshots ADD CONSTRAINT refuse_all CHECK (false) NOT VALID`);
        try {
          expect(await mismatches(samplePoints())).toEqual([]);
          expect(await snapshotRows()).toEqual([]);
          expect(warnings.some((warning) => warning.includes('could not be written'))).toBe(true);
        } finally {
          await database.query(`ALTER TABLE stream_snapshots DROP CONSTRAINT refuse_all`);
        }
      }, 120_000);

      it('when the snapshots table cannot be read', async () => {
        warnings.length = 0;
        await database.query(`ALTER TABLE stream_snapshots RENAME TO stream_snapshots_away`);
        try {
          expect(await mismatches(samplePoints())).toEqual([]);
          expect(warnings.some((warning) => warning.includes('could not be read'))).toBe(true);
        } finally {
          await database.query(`ALTER TABLE stream_snapshots_away RENAME TO stream_snapshots`);
        }
        expect(await mismatches(samplePoints())).toEqual([]);
        expect(await snapshotRows()).toEqual(original);
      }, 120_000);
    });
  });
}

describe('snapshot state versions', () => {
  /**
   * Snapshots hold states folded by this code; folding differently (another state shape, another
   * evolve) must come with a new state version, or stale snapshots would answer. When this fails,
   * check whether the change alters folded states: if so bump AGREEMENT_STATE_VERSION /
   * ASSESSMENT_STATE_VERSION (src/audit/time-travel.ts); then update the digests below.
   */
  const digestOf = (files: string[]) =>
    files
      .map((file) => `${file} ${createHash('sha256').update(readFileSync(join(process.cwd(), 'libs/domain/src', file))).digest('hex').slice(0, 16)}`)
      .sort();

  it('are pinned to the folding code they were checked against', () => {
    expect({
      version: AGREEMENT_STATE_VERSION,
      sources: digestOf(['agreement/agreement.evolve.ts', 'agreement/agreement.state.ts', 'shared/assert-never.ts']),
    }).toEqual({
      version: 1,
      sources: ['agreement/agreement.evolve.ts d4ec1dd597e4cc2d', 'agreement/agreement.state.ts abd1382a20b90a03', 'shared/assert-never.ts d46a5fa55d493eea'],
    });
    expect({
      version: ASSESSMENT_STATE_VERSION,
      sources: digestOf(['assessment/assessment.evolve.ts', 'assessment/assessment.state.ts', 'assessment/assessment-revision.ts', 'shared/assert-never.ts']),
    }).toEqual({
      version: 1,
      sources: [
        'assessment/assessment-revision.ts 9b272dd3b02d9920',
        'assessment/assessment.evolve.ts 6661de3ecbefe36d',
        'assessment/assessment.state.ts 52b63a050b5fd894',
        'shared/assert-never.ts d46a5fa55d493eea',
      ],
    });
  });
});
