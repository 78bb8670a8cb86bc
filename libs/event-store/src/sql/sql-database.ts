/**
 * The little of SQL the store, the migrations and the projections need, served by a pg pool
 * or by embedded PGlite, so one adapter runs on both.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `work` on one dedicated connection (session-level state such as advisory locks). */
  withConnection<T>(work: (connection: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Names statements worth preparing once per connection: run very often, with plans that do not
   * depend on the values (the store's own). Everything else is planned for its values each time,
   * because a cached generic plan can be far off on skewed data. Optional: a no-op where every
   * statement is local anyway (PGlite).
   */
  prepare?(statements: readonly string[]): void;
  /** Runs several statements without parameters (migrations). */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}
