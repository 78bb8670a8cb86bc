import {
  agreementDecider,
  assessmentDecider,
  type AgreementEvent,
  type AgreementState,
  type AgreementTermsProposed,
  type AssessmentEvent,
  type AssessmentState,
} from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { SNAPSHOT_EVERY, type Snapshot, type SnapshotLookup, type StreamSnapshots } from './stream-snapshots.js';

/**
 * Version of the folded agreement state kept in snapshots. Bump it whenever folding agreement
 * events can give a different result: the state's shape (agreement.state.ts), evolveAgreement, or
 * an upcaster of agreement events. Snapshots of other versions are ignored (and new ones written),
 * so a stale snapshot can never answer. test/audit-snapshots.spec.ts pins the domain sources this
 * version was checked against and fails when they change.
 */
export const AGREEMENT_STATE_VERSION = 1;

/** As AGREEMENT_STATE_VERSION, for assessments (assessment.state.ts, evolveAssessment, upcasters). */
export const ASSESSMENT_STATE_VERSION = 1;

/** How to fold one kind of stream, and what `version` means for it. */
export interface TimeTravelKind<S> {
  stateVersion: number;
  initialState(): S;
  evolve(state: S, event: RecordedEvent): S;
  /**
   * For kinds with `version` queries: whether the event proposes a version of the terms newer than
   * `version` (the answer for `version` is the state just before the first such event).
   */
  proposesAfter?(event: RecordedEvent, version: number): boolean;
  /** The version of the terms the event proposes: undefined when it proposes none. */
  proposedVersion?(event: RecordedEvent): unknown;
}

export const AGREEMENT_TIME_TRAVEL: TimeTravelKind<AgreementState> = {
  stateVersion: AGREEMENT_STATE_VERSION,
  initialState: agreementDecider.initialState,
  evolve: (state, event) => agreementDecider.evolve(state, { type: event.type, data: event.data } as AgreementEvent),
  proposesAfter: (event, version) => event.type === 'AgreementTermsProposed' && (event.data as AgreementTermsProposed['data']).version > version,
  proposedVersion: (event) => (event.type === 'AgreementTermsProposed' ? (event.data as AgreementTermsProposed['data']).version : undefined),
};

export const ASSESSMENT_TIME_TRAVEL: TimeTravelKind<AssessmentState> = {
  stateVersion: ASSESSMENT_STATE_VERSION,
  initialState: assessmentDecider.initialState,
  evolve: (state, event) => assessmentDecider.evolve(state, { type: event.type, data: event.data } as AssessmentEvent),
};

/** A point in a stream's life: recorded at or before `asOf`, and before terms newer than `version` were proposed. */
export interface PointInTime {
  asOf: Date | null;
  version: number | null;
}

export interface TimeTravelResult<S> {
  /** The state after every event of the stream. */
  current: S;
  /** The state at the point asked for (the same object as `current` when none was). */
  at: S;
}

/** What a fold starts from: a verified snapshot, or the initial state before revision 0. */
interface Base<S> {
  revision: number;
  state: S;
  recordedAtMs: number;
  termsVersion: number | null;
}

const INT_MAX = 2_147_483_647;

/**
 * Folds a stream as it is now and as it was at a point in time, from snapshots where they exist.
 *
 * The answer is by construction what folding from the first event gives:
 *   at = fold(the events recorded at or before asOf, in revision order, up to (excluding) the
 *        first of them that proposes terms newer than `version`).
 * A snapshot at revision R may start that fold only when every one of the revisions 0..R is in
 * it: recorded at or before asOf (its recorded_at is the latest of them, since recorded times need
 * not grow with the revision) and none proposing terms newer than `version` (its terms_version is
 * the highest proposed). The events after R are read with the same filter, in SQL for asOf (a
 * superset, refined in memory) and with a bound on revisions for `version` that is only a hint:
 * when the event that ends the answer is not within it, the rest is read too.
 *
 * A snapshot is used only when its digest verifies and the event at its revision still has the
 * hash it names (read along with the events after it, so it costs one event); otherwise the fold
 * starts from the first event and the bad row is deleted. Folds that pass a multiple of
 * SNAPSHOT_EVERY over consecutive revisions write the missing snapshots there.
 */
export class TimeTravelReader<S> {
  constructor(
    private readonly store: EventStore,
    private readonly snapshots: StreamSnapshots,
    private readonly kind: TimeTravelKind<S>,
  ) {}

  async read(stream: string, point: PointInTime): Promise<TimeTravelResult<S>> {
    const wantsPast = point.asOf !== null || point.version !== null;
    const lookup = await this.snapshots.find<S>({ stream, stateVersion: this.kind.stateVersion, asOf: point.asOf, version: point.version });
    const target = wantsPast ? lookup.target : lookup.latest;
    // Same starting point for both (often: the snapshot right before the head): one read serves both.
    const shared = (target?.revision ?? -1) === (lookup.latest?.revision ?? -1);
    const [now, past] = await Promise.all([
      this.replayToHead(stream, lookup.latest),
      wantsPast && !shared ? this.replayPast(stream, target, lookup, point) : undefined,
    ]);
    if (!wantsPast) return { current: now.state, at: now.state };
    return { current: now.state, at: past ?? this.answer(now.base, now.events, point) };
  }

  /** The state now, from the newest snapshot (or the first event), writing the snapshots it passes. */
  private async replayToHead(stream: string, latest: Snapshot<S> | null): Promise<{ base: Base<S>; events: RecordedEvent[]; state: S }> {
    const read = (from: number) => this.store.readStream(stream, { fromRevision: from });
    const { base, events } = await this.startFrom(stream, latest, read);
    const replayed = this.replay(base, events, Infinity);
    await this.snapshots.write(stream, this.kind.stateVersion, replayed.snapshots);
    return { base, events, state: replayed.state };
  }

  /** The state at `point`, from the newest snapshot that serves it (or the first event). */
  private async replayPast(stream: string, target: Snapshot<S> | null, lookup: SnapshotLookup<S>, point: PointInTime): Promise<S> {
    const until = point.asOf ? untilOf(point.asOf) : undefined;
    // A hint only (the row behind it is not verified): never below the start, and checked below.
    const hint = point.version !== null ? lookup.versionBound : null;
    const bound = hint !== null && hint > (target?.revision ?? -1) ? hint : undefined;
    const read = (from: number) => this.store.readStream(stream, { fromRevision: from, toRevision: bound, until });
    const { base, events } = await this.startFrom(stream, target, read);
    if (bound !== undefined && !this.endsWithin(events, point)) {
      // The hint did not hold (the proposal it promised was recorded after asOf, or the row is wrong): read the rest.
      events.push(...(await this.store.readStream(stream, { fromRevision: Math.max(bound, base.revision) + 1, until })));
    }
    // Snapshots this read passes that are missing (rows deleted, or found invalid above).
    const missingBefore = lookup.afterTarget ?? Infinity;
    const replayed = this.replay(base, events, missingBefore);
    await this.snapshots.write(stream, this.kind.stateVersion, replayed.snapshots);
    return this.answer(base, events, point);
  }

  /**
   * Reads from the snapshot's own revision and checks that the event there still has the hash
   * the snapshot names; from the first event when there is no snapshot or it does not match.
   * Returns the events after the base.
   */
  private async startFrom(
    stream: string,
    snapshot: Snapshot<S> | null,
    read: (fromRevision: number) => Promise<RecordedEvent[]>,
  ): Promise<{ base: Base<S>; events: RecordedEvent[] }> {
    if (snapshot) {
      const events = await read(snapshot.revision);
      const first = events[0];
      if (first && first.revision === snapshot.revision && first.hash === snapshot.eventHash) {
        return { base: snapshot, events: events.slice(1) };
      }
      await this.snapshots.discard(stream, this.kind.stateVersion, snapshot, 'the event at its revision is missing or has another hash');
    }
    const initial: Base<S> = { revision: -1, state: this.kind.initialState(), recordedAtMs: -Infinity, termsVersion: this.kind.proposedVersion ? 0 : null };
    return { base: initial, events: await read(0) };
  }

  /** The state at `point` from a base that serves it and the events read after the base (a superset of those needed). */
  private answer(base: Base<S>, events: readonly RecordedEvent[], point: PointInTime): S {
    const asOfMs = point.asOf?.getTime() ?? null;
    let state = base.state;
    for (const event of events) {
      if (asOfMs !== null && !(Date.parse(event.recordedAt) <= asOfMs)) continue;
      if (point.version !== null && this.kind.proposesAfter?.(event, point.version)) break;
      state = this.kind.evolve(state, event);
    }
    return state;
  }

  /** Whether the answer for `point` ends among these events (an event proposing newer terms, recorded by asOf). */
  private endsWithin(events: readonly RecordedEvent[], point: PointInTime): boolean {
    if (point.version === null || !this.kind.proposesAfter) return true;
    const asOfMs = point.asOf?.getTime() ?? null;
    return events.some((event) => (asOfMs === null || Date.parse(event.recordedAt) <= asOfMs) && this.kind.proposesAfter!(event, point.version!));
  }

  /**
   * Folds every event after the base, and collects the snapshots at multiples of SNAPSHOT_EVERY
   * (below `before`) over the consecutive revisions that follow the base.
   */
  private replay(base: Base<S>, events: readonly RecordedEvent[], before: number): { state: S; snapshots: Array<Snapshot<S>> } {
    const snapshots: Array<Snapshot<S>> = [];
    let state = base.state;
    let recordedAtMs = base.recordedAtMs;
    let termsVersion = base.termsVersion;
    let consecutive = true;
    let expected = base.revision + 1;
    for (const event of events) {
      state = this.kind.evolve(state, event);
      if (!consecutive) continue;
      if (event.revision !== expected) {
        consecutive = false;
        continue;
      }
      expected += 1;
      recordedAtMs = Math.max(recordedAtMs, Date.parse(event.recordedAt));
      if (this.kind.proposedVersion) {
        const proposed = this.kind.proposedVersion(event);
        if (proposed !== undefined) {
          const plain = typeof proposed === 'number' && Number.isInteger(proposed) && Math.abs(proposed) <= INT_MAX;
          termsVersion = plain && termsVersion !== null ? Math.max(termsVersion, proposed) : null;
        }
      }
      if ((event.revision + 1) % SNAPSHOT_EVERY === 0 && event.revision < before && Number.isFinite(recordedAtMs)) {
        snapshots.push({ revision: event.revision, recordedAtMs, termsVersion, eventHash: event.hash, state });
      }
    }
    return { state, snapshots };
  }
}

/**
 * The `until` of a read for asOf: recorded times are compared at millisecond precision, as the
 * store formats them, so the read takes the whole millisecond (a superset; `answer` filters exactly).
 */
function untilOf(asOf: Date): string {
  return asOf.toISOString().replace(/Z$/, '999Z');
}
