import { afterEach, describe, expect, it } from '@jest/globals';
import { decodeCheckpoint, type SqlExecutor } from '@app/event-store';
import { parseStream } from '../../application/streams.js';
import { openHarness, type Harness } from '../../../test/support/read-model-harness.js';
import { fullNegotiation } from '../../../test/support/negotiation.fixture.js';
import { TEST_BACKENDS } from '../../../test/support/test-databases.js';
import { auditLogProjection } from './audit-log.projection.js';

const UTC_MILLISECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The audit log as stored, in commit order, with values in the forms the store's readers use. */
async function auditRows(h: Harness) {
  const { rows } = await h.database.query(
    `SELECT global_position::int, commit_txid::text, checkpoint, event_id, stream, aggregate_kind, aggregate_id, revision::int, type,
            actor_subject, actor_org,
            to_char(occurred_at AT TIME ZONE 'UTC', ${UTC_MILLISECONDS}) AS occurred_at,
            to_char(recorded_at AT TIME ZONE 'UTC', ${UTC_MILLISECONDS}) AS recorded_at,
            previous_hash, hash
       FROM audit_log ORDER BY commit_txid, global_position`,
  );
  return rows;
}

describe.each(TEST_BACKENDS)('the audit log (%s)', (backend) => {
  let h: Harness;

  afterEach(async () => {
    await h.test.drop();
  });

  it('holds one row per event: its envelope as the store reads it, the aggregate told by its stream prefix', async () => {
    h = await openHarness(backend, 7);
    await fullNegotiation(h.scenario);
    await h.project();
    const { events } = await h.store.readAll({ limit: 10_000 });
    const expected = events.map((event) => {
      const aggregate = parseStream(event.stream);
      return {
        global_position: event.globalPosition,
        commit_txid: decodeCheckpoint(event.checkpoint).transactionId.toString(),
        checkpoint: event.checkpoint,
        event_id: event.eventId,
        stream: event.stream,
        aggregate_kind: aggregate?.kind ?? null,
        aggregate_id: aggregate?.id ?? null,
        revision: event.revision,
        type: event.type,
        actor_subject: event.metadata.actor.subject,
        actor_org: event.metadata.actor.organizationId,
        occurred_at: event.occurredAt,
        recorded_at: event.recordedAt,
        previous_hash: event.previousHash,
        hash: event.hash,
      };
    });
    // Every kind of aggregate, `policy-profile-` among them (not to be read as a shorter prefix).
    expect(new Set(expected.map((row) => row.aggregate_kind))).toEqual(new Set(['organization', 'policyProfile', 'useCase', 'assessment', 'agreement']));
    expect(await auditRows(h)).toEqual(expected);
  });

  it('applies the events it is given, and only those, again without a change', async () => {
    h = await openHarness(backend);
    await fullNegotiation(h.scenario);
    const { events } = await h.store.readAll({ limit: 10_000 });
    const some = events.filter((_, index) => index % 3 === 1);
    await h.database.transaction((tx) => auditLogProjection.apply(tx, some));
    const once = await auditRows(h);
    expect(once.map((row) => row.global_position)).toEqual(some.map((event) => event.globalPosition));
    await h.database.transaction((tx) => auditLogProjection.apply(tx, [...some].reverse()));
    await h.database.transaction((tx) => auditLogProjection.apply(tx, []));
    expect(await auditRows(h)).toEqual(once);
  });

  it('applies a range of the log as it applies the range\'s events, again without a change', async () => {
    h = await openHarness(backend);
    await fullNegotiation(h.scenario);
    const { events } = await h.store.readAll({ limit: 10_000 });
    const ranges: Array<[number | undefined, number]> = [[undefined, 0], [0, 1], [1, 5], [5, 5], [5, events.length - 1]];
    for (const [after, upTo] of ranges) {
      const inRange = events.filter((_, index) => (after === undefined || index > after) && index <= upTo);
      await h.database.query(`DELETE FROM audit_log`);
      await h.database.transaction((tx) => auditLogProjection.apply(tx, inRange));
      const byEvents = await auditRows(h);
      await h.database.query(`DELETE FROM audit_log`);
      const byRangeOnce = (tx: SqlExecutor) =>
        auditLogProjection.applyRange!(tx, after === undefined ? undefined : events[after].checkpoint, events[upTo].checkpoint);
      expect(await h.database.transaction(byRangeOnce)).toBe(inRange.length);
      const byRange = await auditRows(h);
      expect({ after, upTo, rows: byRange }).toEqual({ after, upTo, rows: byEvents });
      expect(byRange.length).toBe(inRange.length);
      expect(await h.database.transaction(byRangeOnce)).toBe(inRange.length);
      expect(await auditRows(h)).toEqual(byRange);
    }
  });

  it('reads a range by the commit-order index, not the whole log, once the log is long', async () => {
    h = await openHarness(backend);
    // 20,000 envelopes in 200 transactions of 100 (their ids given, as a long-lived log has them),
    // then statistics as autovacuum would gather them. The planner estimated each row comparison by
    // its first column and the two bounds as independent: a range in the middle of a long log looked
    // like a large share of it, and it read the whole log for every range.
    await h.database.query(
      `INSERT INTO events (transaction_id, event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, hash)
       SELECT (1000 + n / 100)::text::xid8, gen_random_uuid(), 'use-case-' || n, 0, 'UseCaseRegistered', 1, '{}', '{}', now(), md5(n::text)
         FROM generate_series(0, 19999) AS n`,
    );
    await h.database.query('ANALYZE events');
    const { rows } = await h.database.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) SELECT * FROM event_envelopes_between('pg:1100:10000', 'pg:1101:10100')`,
    );
    const plan = (rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0].Plan;
    const scans = planNodes(plan).filter((node) => node['Relation Name'] === 'events');
    expect(scans.map((node) => node['Node Type'])).toEqual(['Index Scan']);
    expect(scans[0]['Index Name']).toBe('events_commit_order');
    // The 100 events of the range, estimated as that order of magnitude.
    expect(plan['Plan Rows']).toBeLessThan(1_000);
    const { rows: counted } = await h.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_envelopes_between('pg:1100:10000', 'pg:1101:10100')`);
    expect(counted[0].n).toBe(100);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
