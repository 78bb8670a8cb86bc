import type { RecordedEvent, SqlExecutor } from '@app/event-store';
import { parseStream, type AggregateKind } from '../../application/streams.js';

/** Times a view remembers beside the state (the state itself has no clock), e.g. when a revision began. */
export type Marks = Record<string, string>;

/** One aggregate view row as stored: folded state, the stream revision it reflects, and its times. */
export interface StoredAggregate<State> {
  id: string;
  state: State;
  marks: Marks;
  streamRevision: number;
  createdAt: string;
  updatedAt: string;
}

/** An aggregate the batch changed: the row before (null if new) and after. */
export interface TouchedAggregate<State> {
  id: string;
  before: StoredAggregate<State> | null;
  after: StoredAggregate<State>;
}

export interface AggregateFolding<State, Event> {
  kind: AggregateKind;
  table: string;
  evolve(state: State, event: Event): State;
  initialState(): State;
  /** Updates the marks for one event (pure; returns a new object). Never its metadata: rebuilds do not read it. */
  mark?: (marks: Marks, event: Omit<RecordedEvent, 'metadata'>) => Marks;
  /**
   * The state as the view row stores it, back in the domain's form (default: as stored). Typed on
   * `never` so that a restore of the projection's own stored form fits: the row's JSON is untyped.
   */
  restore?(stored: never): State;
}

export const ISO_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The events of a batch per aggregate of one kind, in commit order. */
export function eventsByAggregate(kind: AggregateKind, events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byId = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const parsed = parseStream(event.stream);
    if (!parsed || parsed.kind !== kind) continue;
    const list = byId.get(parsed.id);
    if (list) list.push(event);
    else byId.set(parsed.id, [event]);
  }
  return byId;
}

/** The stored view rows of these aggregates, by id (absent: no row yet), their states restored by `restore`. */
export async function loadStored<State>(
  tx: SqlExecutor,
  table: string,
  ids: readonly string[],
  restore?: (stored: never) => State,
): Promise<Map<string, StoredAggregate<State>>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{
    id: string;
    state: State;
    marks: Marks;
    stream_revision: string;
    created_at: string;
    updated_at: string;
  }>(
    `SELECT id, state, marks, stream_revision::text AS stream_revision,
            ${ISO_TIME('created_at')} AS created_at, ${ISO_TIME('updated_at')} AS updated_at
       FROM ${table} WHERE id = ANY($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        state: restore ? restore(row.state as never) : row.state,
        marks: row.marks,
        streamRevision: Number(row.stream_revision),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
    ]),
  );
}

/**
 * One aggregate's events folded onto its row (null: none yet) with the domain's own `evolve`.
 * Events at or below the row's stream revision are skipped, so a replayed batch changes nothing;
 * null when nothing is left to fold.
 */
export function foldStream<State, Event>(
  folding: AggregateFolding<State, Event>,
  id: string,
  before: StoredAggregate<State> | null,
  events: readonly RecordedEvent[],
): StoredAggregate<State> | null {
  const fresh = before === null ? events : events.filter((event) => event.revision > before.streamRevision);
  if (fresh.length === 0) return null;
  let state = before ? before.state : folding.initialState();
  let marks = before ? before.marks : {};
  for (const event of fresh) {
    state = folding.evolve(state, { type: event.type, data: event.data } as Event);
    if (folding.mark) marks = folding.mark(marks, event);
  }
  const last = fresh[fresh.length - 1];
  return {
    id,
    state,
    marks,
    streamRevision: last.revision,
    createdAt: before?.createdAt ?? fresh[0].occurredAt,
    updatedAt: last.occurredAt,
  };
}

/**
 * The set-based core of every aggregate projection: one SELECT loads the stored rows of all
 * aggregates the batch names, and each one's new events are folded onto its row in memory
 * (`foldStream`). Writing is left to the caller, which upserts all rows at once.
 */
export async function foldBatch<State, Event>(
  tx: SqlExecutor,
  folding: AggregateFolding<State, Event>,
  events: readonly RecordedEvent[],
): Promise<Array<TouchedAggregate<State>>> {
  const byId = eventsByAggregate(folding.kind, events);
  const stored = await loadStored<State>(tx, folding.table, [...byId.keys()], folding.restore);
  const touched: Array<TouchedAggregate<State>> = [];
  for (const [id, streamEvents] of byId) {
    const before = stored.get(id) ?? null;
    const after = foldStream(folding, id, before, streamEvents);
    if (after) touched.push({ id, before, after });
  }
  return touched;
}

/**
 * One multi-row upsert from a JSON array: `columns` maps each column to its SQL type, and the
 * rows are objects keyed by column name. `conflict` names the key; every other column is updated.
 */
export async function upsertRows(
  tx: SqlExecutor,
  table: string,
  columns: Record<string, string>,
  conflict: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const definition = names.map((name) => `${name} ${columns[name]}`).join(', ');
  const updates = names.filter((name) => !conflict.includes(name)).map((name) => `${name} = EXCLUDED.${name}`);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM json_to_recordset($1::json) AS r(${definition})
     ON CONFLICT (${conflict.join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    [JSON.stringify(rows)],
  );
}

/**
 * Derived rows of the touched aggregates are rewritten in one statement (one round trip: a live
 * batch is made of its statements' round trips): the DELETE runs as a CTE that the INSERT's
 * one-time filter reads to the end first, so the old rows are gone before the first new row meets
 * the table's key (a CTE nothing reads would run only after the INSERT, and a replaced key would
 * collide with itself). Both see the snapshot from before the statement: nothing inserted is
 * deleted.
 */
export async function replaceRows(
  tx: SqlExecutor,
  table: string,
  keyColumn: string,
  ids: readonly string[],
  columns: Record<string, string>,
  rows: readonly object[],
): Promise<void> {
  if (ids.length === 0) return;
  if (rows.length === 0) {
    await tx.query(`DELETE FROM ${table} WHERE ${keyColumn} = ANY($1::text[])`, [ids]);
    return;
  }
  const names = Object.keys(columns);
  const definition = names.map((name) => `${name} ${columns[name]}`).join(', ');
  await tx.query(
    `WITH replaced AS (DELETE FROM ${table} WHERE ${keyColumn} = ANY($1::text[]) RETURNING 1)
     INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM json_to_recordset($2::json) AS r(${definition})
      WHERE (SELECT count(*) FROM replaced) >= 0`,
    [ids, JSON.stringify(rows)],
  );
}

/** Deltas for one table of counters kept by delta; the counter column is `value`. */
export interface CounterDeltas {
  table: string;
  /** The key columns, in the order their values are joined with `|` in each delta's key. */
  keyColumns: readonly string[];
  /** `numeric` for sums of amounts: PostgreSQL adds them as written, exactly (doubles would not). */
  valueType?: 'bigint' | 'numeric';
  /** Key and delta; a key may come more than once (PostgreSQL sums them). */
  deltas: Iterable<readonly [key: string, delta: number]>;
}

/**
 * Applies the deltas of several counter tables in one statement (each table's upsert a CTE of it)
 * and drops counters back at zero in a second, so counters kept by delta equal counters built
 * from scratch. Two round trips however many tables: a live batch is made of its round trips.
 * Each table's rows are upserted in key order, the tables always in the order given: writes that
 * run at once (a rebuild's lanes) lock shared counters in one order, never in a cycle.
 */
export async function applyCounters(tx: SqlExecutor, counters: readonly CounterDeltas[]): Promise<void> {
  const touched = counters
    .map((counter) => ({
      ...counter,
      rows: [...counter.deltas]
        .filter(([, delta]) => delta !== 0)
        .map(([key, value]) => ({ ...Object.fromEntries(key.split('|').map((part, index) => [counter.keyColumns[index], part])), value })),
    }))
    .filter((counter) => counter.rows.length > 0);
  if (touched.length === 0) return;
  const upserts = touched.map(({ table, keyColumns, valueType = 'bigint' }, index) => {
    const keys = keyColumns.join(', ');
    // Deltas that cancel out (an agreement's unchanged amounts, taken off and added back) write
    // nothing. A numeric sum keeps the largest scale it met (500000000 + 0.1 - 0.1 = 500000000.0):
    // trimmed, so that the same total reads and compares the same whatever the path to it.
    const normalized = (sum: string) => (valueType === 'numeric' ? `trim_scale(${sum})` : `${sum}::bigint`);
    return `INSERT INTO ${table} AS s (${keys}, value)
      SELECT ${keys}, ${normalized('sum(value)')} FROM json_to_recordset($${index + 1}::json) AS r(${keyColumns.map((column) => `${column} text`).join(', ')}, value ${valueType})
       GROUP BY ${keys} HAVING sum(value) <> 0 ORDER BY ${keyColumns.map((column) => `${column} COLLATE "C"`).join(', ')}
      ON CONFLICT (${keys}) DO UPDATE SET value = ${normalized('s.value + EXCLUDED.value')}`;
  });
  await tx.query(
    withSubStatements(upserts),
    touched.map(({ rows }) => JSON.stringify(rows)),
  );
  await tx.query(withSubStatements(touched.map(({ table }) => `DELETE FROM ${table} WHERE value = 0`)));
}

/** The statements as one: all but the last run as data-modifying CTEs of it (always run to completion). */
function withSubStatements(statements: readonly string[]): string {
  const last = statements.at(-1)!;
  if (statements.length === 1) return last;
  return `WITH ${statements.slice(0, -1).map((statement, index) => `s${index} AS (${statement})`).join(',\n')}\n${last}`;
}

/** The key columns of a table of counters per category cell, as `cellKey` joins their values. */
export const CELL_KEY_COLUMNS = ['recovery', 'economic', 'metric'] as const;

/** Counter deltas per category cell (`recovery|economic|metric`) of one table (see `applyCounters`). */
export async function applyCellDeltas(tx: SqlExecutor, table: string, deltas: ReadonlyMap<string, number>): Promise<void> {
  await applyCounters(tx, [{ table, keyColumns: CELL_KEY_COLUMNS, deltas }]);
}

/** Accumulates +1/-1 contributions per counter key (e.g. `recovery|economic|metric`). */
export class CellDeltas {
  readonly deltas = new Map<string, number>();

  add(keys: readonly string[], sign: 1 | -1): void {
    for (const key of keys) this.deltas.set(key, (this.deltas.get(key) ?? 0) + sign);
  }
}

export function cellKey(category: { recovery: string; economic: string }, metric: string): string {
  return `${category.recovery}|${category.economic}|${metric}`;
}
