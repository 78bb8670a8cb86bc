import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../infrastructure/storage.module.js';

/**
 * Snapshots of folded states for time travel (table `stream_snapshots`): derived data that only
 * saves reading and folding the events before it. A snapshot at `revision` is the state after
 * revisions 0..revision, kept at every SNAPSHOT_EVERY-th revision (99, 199, ...) by the read path.
 *
 * Nothing here is trusted blindly: a row is used only when its digest verifies and its state
 * parses, and the caller also checks that the event at `revision` still has the hash recorded in
 * the row. A row that fails is deleted (and written again by the next fold that passes it); any
 * error of this table is logged and the query folds from the events instead.
 */
export const SNAPSHOT_EVERY = 100;

/** A verified snapshot, ready to fold from. */
export interface Snapshot<S> {
  revision: number;
  /** The latest recorded time (ms) among revisions 0..revision: the snapshot serves any asOf at or after it. */
  recordedAtMs: number;
  /** The highest terms version proposed in revisions 0..revision; null when not applicable or unknown. */
  termsVersion: number | null;
  /** Hash of the event at `revision`. */
  eventHash: string;
  state: S;
  /** The stored digest, when read from the table (to delete exactly that row if it is rejected). */
  digest?: string;
}

/** What one lookup returns: the snapshots to fold from, and revisions that bound the reads. */
export interface SnapshotLookup<S> {
  /** The newest snapshot of the stream (for the state now). */
  latest: Snapshot<S> | null;
  /** The newest snapshot that serves the point in time asked for (null when none does, or none was asked for). */
  target: Snapshot<S> | null;
  /** The first snapshot revision after the target (after -1 without one): snapshots between are missing. */
  afterTarget: number | null;
  /** The first snapshot revision whose terms version exceeds the version asked for (a hint, verified by the caller). */
  versionBound: number | null;
}

export interface SnapshotQuery {
  stream: string;
  stateVersion: number;
  /** Only snapshots whose recorded_at <= asOf. */
  asOf: Date | null;
  /** Only snapshots whose terms_version <= version. */
  version: number | null;
}

interface SnapshotRow {
  revision: string;
  recorded_at: string;
  terms_version: number | null;
  event_hash: string;
  state: string;
  state_digest: string;
  is_latest: boolean;
  is_target: boolean;
  after_target: string | null;
  version_bound: string | null;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One round trip: the newest snapshot, the newest one serving the point in time, and two
 * revisions that bound the event reads. `revision` is unique per stream and state_version, so the
 * chosen rows are found by the primary key; `recorded_at` and `terms_version` only grow with the
 * revision, so the target is also the newest row meeting both conditions.
 */
export const FIND_SNAPSHOTS = `
WITH chosen AS (
  SELECT
    (SELECT max(revision) FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2) AS latest,
    CASE WHEN $5::boolean THEN
      (SELECT max(revision) FROM stream_snapshots
        WHERE stream_id = $1 AND state_version = $2
          AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
          AND ($4::integer IS NULL OR terms_version <= $4::integer))
    END AS target
),
bounds AS (
  SELECT
    (SELECT min(s.revision) FROM stream_snapshots s
      WHERE s.stream_id = $1 AND s.state_version = $2 AND s.revision > coalesce(c.target, -1)) AS after_target,
    CASE WHEN $4::integer IS NOT NULL THEN
      (SELECT min(s.revision) FROM stream_snapshots s
        WHERE s.stream_id = $1 AND s.state_version = $2 AND s.terms_version > $4::integer)
    END AS version_bound
  FROM chosen c
)
SELECT s.revision::text AS revision, ${ISO('s.recorded_at')} AS recorded_at, s.terms_version, s.event_hash,
       s.state::text AS state, s.state_digest,
       s.revision = c.latest AS is_latest, coalesce(s.revision = c.target, false) AS is_target,
       b.after_target::text AS after_target, b.version_bound::text AS version_bound
FROM chosen c CROSS JOIN bounds b
LEFT JOIN stream_snapshots s
  ON s.stream_id = $1 AND s.state_version = $2 AND (s.revision = c.latest OR s.revision = c.target)`;

export const INSERT_SNAPSHOTS = `
INSERT INTO stream_snapshots (stream_id, state_version, revision, recorded_at, terms_version, event_hash, state, state_digest)
SELECT $1, $2, s.revision, s.recorded_at, s.terms_version, s.event_hash, s.state::json, s.state_digest
FROM unnest($3::bigint[], $4::timestamptz[], $5::integer[], $6::text[], $7::text[], $8::text[])
     AS s(revision, recorded_at, terms_version, event_hash, state, state_digest)
ON CONFLICT (stream_id, state_version, revision) DO NOTHING`;

/** Deletes one row only if it is still the row found invalid (a concurrent rewrite is kept). */
export const DELETE_SNAPSHOT = `
DELETE FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2 AND revision = $3 AND state_digest = $4`;

@Injectable()
export class StreamSnapshots {
  /** Replaceable in tests. */
  logger: Pick<Logger, 'warn'> = new Logger(StreamSnapshots.name);

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  /** Never throws: a failed lookup is logged and answered with no snapshots. */
  async find<S>(query: SnapshotQuery): Promise<SnapshotLookup<S>> {
    const none: SnapshotLookup<S> = { latest: null, target: null, afterTarget: null, versionBound: null };
    const wantsTarget = query.asOf !== null || query.version !== null;
    let rows: SnapshotRow[];
    try {
      ({ rows } = await this.database.query<SnapshotRow>(FIND_SNAPSHOTS, [
        query.stream,
        query.stateVersion,
        query.asOf?.toISOString() ?? null,
        query.version,
        wantsTarget,
      ]));
    } catch (error) {
      this.logger.warn(`Snapshots of ${query.stream} could not be read, folding from the first event: ${describe(error)}`);
      return none;
    }
    const lookup = { ...none };
    for (const row of rows) {
      lookup.afterTarget = row.after_target === null ? null : Number(row.after_target);
      lookup.versionBound = row.version_bound === null ? null : Number(row.version_bound);
      if (row.revision === null || row.revision === undefined) continue;
      const snapshot = await this.verified<S>(query.stream, query.stateVersion, row);
      if (row.is_latest) lookup.latest = snapshot;
      if (row.is_target) lookup.target = snapshot;
    }
    return lookup;
  }

  /**
   * Writes snapshots, skipping revisions already stored. Never throws (derived data: a failed
   * write is logged and the next query folds a little more). A state that would not come back
   * from JSON exactly as it is (undefined values, dates, maps, -0, ...) is not written.
   */
  async write<S>(stream: string, stateVersion: number, snapshots: ReadonlyArray<Snapshot<S>>): Promise<void> {
    const rows = snapshots.flatMap((snapshot) => {
      const text = JSON.stringify(snapshot.state);
      if (text === undefined || !isDeepStrictEqual(JSON.parse(text), snapshot.state)) {
        this.logger.warn(`The state of ${stream} at revision ${snapshot.revision} does not round-trip through JSON; no snapshot written`);
        return [];
      }
      const recordedAt = new Date(snapshot.recordedAtMs).toISOString();
      return [{ ...snapshot, recordedAt, text, digest: snapshotDigest(stream, stateVersion, snapshot.revision, recordedAt, snapshot.termsVersion, snapshot.eventHash, text) }];
    });
    if (rows.length === 0) return;
    try {
      await this.database.query(INSERT_SNAPSHOTS, [
        stream,
        stateVersion,
        rows.map((row) => row.revision),
        rows.map((row) => row.recordedAt),
        rows.map((row) => row.termsVersion),
        rows.map((row) => row.eventHash),
        rows.map((row) => row.text),
        rows.map((row) => row.digest),
      ]);
    } catch (error) {
      this.logger.warn(`Snapshots of ${stream} could not be written (revisions ${rows.map((row) => row.revision).join(', ')}): ${describe(error)}`);
    }
  }

  /** Drops a row found invalid by the caller (e.g. its event hash no longer matches the stream). Never throws. */
  async discard(stream: string, stateVersion: number, snapshot: Snapshot<unknown>, reason: string): Promise<void> {
    const { digest } = snapshot;
    this.logger.warn(`Ignoring the snapshot of ${stream} at revision ${snapshot.revision} (state version ${stateVersion}): ${reason}`);
    if (digest === undefined) return;
    await this.deleteRow(stream, stateVersion, snapshot.revision, digest);
  }

  private async verified<S>(stream: string, stateVersion: number, row: SnapshotRow): Promise<Snapshot<S> | null> {
    const revision = Number(row.revision);
    const expected = snapshotDigest(stream, stateVersion, revision, row.recorded_at, row.terms_version, row.event_hash, row.state);
    let state: S | undefined;
    let problem: string | null = null;
    if (expected !== row.state_digest) problem = 'its digest does not match its content';
    else {
      try {
        state = JSON.parse(row.state) as S;
      } catch {
        problem = 'its state is not JSON';
      }
    }
    if (problem !== null || state === undefined || state === null || typeof state !== 'object') {
      this.logger.warn(`Ignoring the snapshot of ${stream} at revision ${revision} (state version ${stateVersion}): ${problem ?? 'its state is not an object'}`);
      await this.deleteRow(stream, stateVersion, revision, row.state_digest);
      return null;
    }
    return { revision, recordedAtMs: Date.parse(row.recorded_at), termsVersion: row.terms_version, eventHash: row.event_hash, state, digest: row.state_digest };
  }

  private async deleteRow(stream: string, stateVersion: number, revision: number, digest: string): Promise<void> {
    try {
      await this.database.query(DELETE_SNAPSHOT, [stream, stateVersion, revision, digest]);
    } catch (error) {
      this.logger.warn(`The invalid snapshot of ${stream} at revision ${revision} could not be deleted: ${describe(error)}`);
    }
  }
}

/** The digest as stored with each row: covers every column the read path relies on. */
export function snapshotDigest(
  stream: string,
  stateVersion: number,
  revision: number,
  recordedAt: string,
  termsVersion: number | null,
  eventHash: string,
  stateText: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([stream, stateVersion, revision, recordedAt, termsVersion, eventHash]))
    .update('\n')
    .update(stateText)
    .digest('hex');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
