import type { SqlDatabase, SqlExecutor } from '@app/event-store';
import type { Projection } from './projection.js';
import { forEachConcurrently } from './for-each-concurrently.js';

/** One index of a live read-model table, as the catalog defines it. */
interface LiveIndex {
  table: string;
  name: string;
  /** `CREATE [UNIQUE] INDEX name ON public.table USING ...` */
  definition: string;
  /** The primary key, unique or exclusion constraint the index backs, if any. */
  constraint: string | null;
  constraintDefinition: string | null;
}

const LIVE_INDEXES = `
SELECT c.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition,
       con.conname AS constraint, pg_get_constraintdef(con.oid) AS "constraintDefinition"
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class c ON c.oid = x.indrelid
  LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = c.oid AND con.contype IN ('p', 'u', 'x')
 WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[])
 ORDER BY c.relname, i.relname`;

/**
 * Columns of the live tables with a statistics target of their own (`ALTER COLUMN ... SET
 * STATISTICS`), which `LIKE ... INCLUDING ALL` does not copy. Unset is -1 before PostgreSQL 17 and
 * null since.
 */
const LIVE_STATISTICS_TARGETS = `
SELECT c.relname AS table, a.attname AS column, a.attstattarget::int AS target
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1::text[])
   AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget >= 0
 ORDER BY c.relname, a.attnum`;

/** Tables finished at once at the end of a rebuild (each step is one table's rewrite or index build: PostgreSQL works on two at a time on two cores). */
const FINISH_CONCURRENCY = 2;

/**
 * A rebuild's copies of one projection's tables, in a schema of their own, named as the live
 * tables and their indexes are, so that moving them into `public` needs no renaming.
 *
 * They are loaded `UNLOGGED` (no WAL per row) with only the indexes the load itself uses: the
 * constraints (an upsert's ON CONFLICT needs its unique key) and the projection's
 * `lookupIndexes`. Every other index is built once, after the load: `SET LOGGED` rewrites a table
 * and rebuilds each of its indexes anyway, so an index kept during the load would be maintained
 * row by row for nothing.
 */
export class ShadowCopies {
  /** `<prefix>_<projection name>`, lower case, anything but letters and digits as `_`. */
  readonly schema: string;

  constructor(
    readonly projection: Projection,
    prefix: string,
  ) {
    this.schema = `${prefix}_${projection.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  }

  /** Creates the schema and the empty copies (dropping what an earlier, unfinished rebuild left). */
  async create(tx: SqlExecutor): Promise<void> {
    const { schema, projection } = this;
    await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await tx.query(`CREATE SCHEMA ${schema}`);
    const { rows: indexes } = await tx.query<LiveIndex>(LIVE_INDEXES, [projection.tables]);
    const { rows: targets } = await tx.query<{ table: string; column: string; target: number }>(LIVE_STATISTICS_TARGETS, [projection.tables]);
    const lookups = new Set(projection.lookupIndexes ?? []);
    for (const table of projection.tables) {
      await tx.query(`CREATE UNLOGGED TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL EXCLUDING INDEXES)`);
      const own = targets.filter((candidate) => candidate.table === table);
      if (own.length > 0) {
        const columns = own.map(({ column, target }) => `ALTER COLUMN ${quoteIdentifier(column)} SET STATISTICS ${Number(target)}`);
        await tx.query(`ALTER TABLE ${schema}.${table} ${columns.join(', ')}`);
      }
      for (const index of indexes.filter((candidate) => candidate.table === table)) {
        if (index.constraint !== null) {
          await tx.query(`ALTER TABLE ${schema}.${table} ADD CONSTRAINT ${index.constraint} ${index.constraintDefinition}`);
        } else if (lookups.has(index.name)) {
          await tx.query(this.inShadowSchema(index));
        }
      }
    }
  }

  /**
   * Makes the loaded copies durable and ready for readers: each table is rewritten `LOGGED`, gets
   * the indexes left out of the load, and is ANALYZEd (fresh tables have no statistics, and the
   * planner's guesses, e.g. 100 rows for an organization that is party to 20,000 agreements,
   * would sort every match for a page). Outside the swap: this takes a while, and live runners
   * must not wait for it.
   */
  static async finish(database: SqlDatabase, copies: readonly ShadowCopies[]): Promise<void> {
    const { rows: live } = await database.query<LiveIndex>(LIVE_INDEXES, [copies.flatMap((copy) => copy.projection.tables)]);
    const work = copies.flatMap((copy) => copy.projection.tables.map((table) => ({ copy, table })));
    await forEachConcurrently(work, FINISH_CONCURRENCY, ({ copy, table }) => copy.finishTable(database, table, live));
  }

  private async finishTable(database: SqlDatabase, table: string, live: readonly LiveIndex[]): Promise<void> {
    const { schema } = this;
    await database.query(`ALTER TABLE ${schema}.${table} SET LOGGED`);
    const { rows: present } = await database.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`,
      [schema, table],
    );
    const built = new Set(present.map((index) => index.name));
    for (const index of live.filter((candidate) => candidate.table === table && !built.has(candidate.name))) {
      await database.query(this.inShadowSchema(index));
    }
    await database.query(`ANALYZE ${schema}.${table}`);
  }

  /** A live index's definition, on the copy of its table. */
  private inShadowSchema(index: LiveIndex): string {
    const live = ` ON public.${index.table} `;
    if (!index.definition.includes(live)) throw new Error(`Unexpected definition of index ${index.name}: ${index.definition}`);
    return index.definition.replace(live, ` ON ${this.schema}.${index.table} `);
  }
}

/** A name from the catalog as a SQL identifier. */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
