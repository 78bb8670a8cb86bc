import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../../test/support/test-databases.js';
import { applyCounters, replaceRows } from './aggregate-batch.js';

const COLUMNS = { owner_id: 'text', line: 'int', note: 'text' };

describe.each(TEST_BACKENDS)('replaceRows (%s)', (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    // Keyed as the derived tables are: a replaced row keeps its key.
    await test.database.query(`CREATE TABLE derived_line (owner_id text NOT NULL, line int NOT NULL, note text NOT NULL, PRIMARY KEY (owner_id, line))`);
  });
  afterAll(() => test.drop());

  beforeEach(async () => {
    await test.database.query(`DELETE FROM derived_line`);
    await test.database.query(`INSERT INTO derived_line VALUES ('a', 1, 'a1 old'), ('a', 2, 'a2 old'), ('b', 1, 'b1 old'), ('c', 1, 'c1 old')`);
  });

  const stored = async () => (await test.database.query<{ owner_id: string; line: number; note: string }>(`SELECT owner_id, line, note FROM derived_line ORDER BY owner_id, line`)).rows;

  it('rewrites the rows of the owners named, keys kept or not, in one statement; the others stay', async () => {
    const rows = [
      { owner_id: 'a', line: 1, note: 'a1 new' },
      { owner_id: 'a', line: 3, note: 'a3 new' },
      { owner_id: 'd', line: 1, note: 'd1 new' },
    ];
    // 'b' is named with no rows left: its rows go.
    await test.database.transaction(async (tx) => {
      let statements = 0;
      const counting = { query: ((text: string, params?: unknown[]) => ((statements += 1), tx.query(text, params))) as typeof tx.query };
      await replaceRows(counting, 'derived_line', 'owner_id', ['a', 'b', 'd'], COLUMNS, rows);
      expect(statements).toBe(1);
    });
    expect(await stored()).toEqual([
      { owner_id: 'a', line: 1, note: 'a1 new' },
      { owner_id: 'a', line: 3, note: 'a3 new' },
      { owner_id: 'c', line: 1, note: 'c1 old' },
      { owner_id: 'd', line: 1, note: 'd1 new' },
    ]);
  });

  it('deletes only when no row is left, and does nothing for no owner', async () => {
    await replaceRows(test.database, 'derived_line', 'owner_id', ['a'], COLUMNS, []);
    await replaceRows(test.database, 'derived_line', 'owner_id', [], COLUMNS, [{ owner_id: 'z', line: 1, note: 'never' }]);
    expect((await stored()).map((row) => `${row.owner_id}${row.line}`)).toEqual(['b1', 'c1']);
  });

  it('fails as a whole on a key given twice, leaving the rows as they were', async () => {
    const twice = [
      { owner_id: 'a', line: 1, note: 'first' },
      { owner_id: 'a', line: 1, note: 'second' },
    ];
    await expect(test.database.transaction((tx) => replaceRows(tx, 'derived_line', 'owner_id', ['a'], COLUMNS, twice))).rejects.toThrow(/duplicate key/);
    expect((await stored()).map((row) => row.note)).toEqual(['a1 old', 'a2 old', 'b1 old', 'c1 old']);
  });
});

describe.each(TEST_BACKENDS)('applyCounters (%s)', (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    await test.database.query(`CREATE TABLE counted (organization_id text NOT NULL, status text NOT NULL, value bigint NOT NULL, PRIMARY KEY (organization_id, status))`);
    await test.database.query(`CREATE TABLE summed (cell text NOT NULL, currency text NOT NULL, value numeric NOT NULL, PRIMARY KEY (cell, currency))`);
  });
  afterAll(() => test.drop());

  const rows = async (table: string) => (await test.database.query<{ key: string; value: string }>(`SELECT concat_ws('|', ${table === 'counted' ? 'organization_id, status' : 'cell, currency'}) AS key, value::text AS value FROM ${table} ORDER BY 1`)).rows;

  it('applies several tables in one statement, sums a key given twice, and drops what comes back to zero in a second', async () => {
    await test.database.query(`INSERT INTO counted VALUES ('acme', 'OPEN', 2), ('metro', 'OPEN', 1)`);
    await test.database.query(`INSERT INTO summed VALUES ('A', 'EUR', 500000000)`);
    let statements = 0;
    await test.database.transaction(async (tx) => {
      const counting = { query: ((text: string, params?: unknown[]) => ((statements += 1), tx.query(text, params))) as typeof tx.query };
      await applyCounters(counting, [
        { table: 'counted', keyColumns: ['organization_id', 'status'], deltas: new Map([['acme|OPEN', -1], ['metro|OPEN', -1], ['trust|DONE', 1], ['harbor|DONE', 0]]) },
        { table: 'summed', keyColumns: ['cell', 'currency'], valueType: 'numeric', deltas: [['A|EUR', 0.1], ['A|EUR', 0.2], ['A|EUR', -0.3], ['B|JPY', 0.1], ['B|JPY', 0.2]] },
      ]);
    });
    expect(statements).toBe(2);
    expect(await rows('counted')).toEqual([
      { key: 'acme|OPEN', value: '1' },
      { key: 'trust|DONE', value: '1' },
    ]);
    // Added as written, exactly; the scale of amounts no longer counted is not kept (not 500000000.0).
    expect(await rows('summed')).toEqual([
      { key: 'A|EUR', value: '500000000' },
      { key: 'B|JPY', value: '0.3' },
    ]);
    await applyCounters(test.database, [{ table: 'summed', keyColumns: ['cell', 'currency'], valueType: 'numeric', deltas: [['B|JPY', -0.3]] }]);
    expect(await rows('summed')).toEqual([{ key: 'A|EUR', value: '500000000' }]);
  });

  it('writes nothing for deltas of a key that cancel out', async () => {
    await test.database.query(`DELETE FROM summed`);
    await test.database.query(`INSERT INTO summed VALUES ('C', 'EUR', 7.5)`);
    const version = async () => (await test.database.query<{ xmin: string }>(`SELECT xmin::text AS xmin FROM summed WHERE cell = 'C'`)).rows[0].xmin;
    const before = await version();
    await applyCounters(test.database, [{ table: 'summed', keyColumns: ['cell', 'currency'], valueType: 'numeric', deltas: [['C|EUR', -0.1], ['C|EUR', 0.1], ['D|EUR', 0.2], ['D|EUR', -0.2]] }]);
    // The row was not rewritten (same version), and no row was made for the other key.
    expect(await version()).toBe(before);
    expect(await rows('summed')).toEqual([{ key: 'C|EUR', value: '7.5' }]);
  });

  it('sends nothing when every delta is zero', async () => {
    let statements = 0;
    const counting = { query: ((text: string, params?: unknown[]) => ((statements += 1), test.database.query(text, params))) as typeof test.database.query };
    await applyCounters(counting, [{ table: 'counted', keyColumns: ['organization_id', 'status'], deltas: new Map([['acme|OPEN', 0]]) }]);
    expect(statements).toBe(0);
  });
});
