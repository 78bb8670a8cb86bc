import { afterEach, describe, expect, it } from '@jest/globals';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../../test/support/test-databases.js';
import { AuditLogQuery } from './audit-log.query.js';

/**
 * Commit ids and positions whose decimal forms cross a change of length (9 → 10, 99 → 100): in
 * text order '10' sorts before '9', so a page sorted by the text forms would come out of commit
 * order, and a keyset cursor compared as numbers would then skip the events it sorted late.
 */
const LOG: Array<[commitTxid: number, globalPosition: number]> = [
  [9, 1],
  [9, 2],
  [10, 3],
  [99, 4],
  [99, 9],
  [99, 10],
  [100, 5],
  [100, 11],
  [1_000, 99],
  [1_000, 100],
  [12_345, 6],
];

describe.each(TEST_BACKENDS)('the audit log query (%s)', (backend) => {
  let test: TestDatabase;

  afterEach(async () => {
    await test.drop();
  });

  it('pages in commit order by number, whatever the length of the ids, and skips nothing', async () => {
    test = await openTestDatabase(backend);
    // Rows as the projection writes them (the stream's aggregate: one agreement), inserted out of order.
    for (const [commitTxid, globalPosition] of [...LOG].reverse()) {
      await test.database.query(
        `INSERT INTO audit_log (global_position, commit_txid, checkpoint, event_id, stream, aggregate_kind, aggregate_id, revision, type,
                                actor_subject, actor_org, occurred_at, recorded_at, previous_hash, hash)
         VALUES ($1, $2, $3, gen_random_uuid()::text, 'agreement-a', 'agreement', 'a', $1, 'AgreementSignedOff',
                 'someone', 'acme-devices', now(), now(), NULL, $4)`,
        [globalPosition, commitTxid, `pg:${commitTxid}:${globalPosition}`, `hash-${globalPosition}`],
      );
    }
    const audit = new AuditLogQuery(test.database);
    for (const first of [1, 2, 3, 100]) {
      for (const aggregateId of [undefined, 'a']) {
        const seen: number[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await audit.page({ first, after, aggregateId });
          seen.push(...page.nodes.map((entry) => entry.globalPosition));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor!;
        }
        expect({ first, aggregateId, seen }).toEqual({ first, aggregateId, seen: LOG.map(([, position]) => position) });
      }
    }
  });
});
