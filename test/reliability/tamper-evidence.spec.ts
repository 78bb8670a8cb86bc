import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashEvent, type EventMetadata, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../../src/infrastructure/storage.module.js';
import { startFreshTestServer } from '../support/fresh-test-server.js';
import { TEST_BACKENDS } from '../support/test-databases.js';
import type { TestServer } from '../support/test-server.js';
import { agreementWithTerms, registerConsortium } from './support/agreement-setup.js';

const VERIFY = `query($id: ID!) { verifyHistory(id: $id) { intact eventCount firstBrokenRevision reason } }`;
const SIGN = `mutation($input: SignOffInput!) { signOff(input: $input) { status signOffs { organization { id } } } }`;

interface Tampering {
  name: string;
  expectedFirstBroken: number;
  apply(database: SqlDatabase, stream: string): Promise<void>;
}

/** Each agreement stream has revisions 0 (opened), 1 (terms proposed), 2 and 3 (two sign-offs) when tampered. */
const TAMPERINGS: Tampering[] = [
  {
    name: 'alter the data of revision 1',
    expectedFirstBroken: 1,
    apply: (db, stream) => db.query(`UPDATE events SET data = jsonb_set(data, '{proposedBy}', '"rogue-devices"') WHERE stream_id = $1 AND revision = 1`, [stream]).then(() => undefined),
  },
  {
    name: 'alter the actor in the metadata of revision 2',
    expectedFirstBroken: 2,
    apply: (db, stream) => db.query(`UPDATE events SET metadata = jsonb_set(metadata, '{actor,organizationId}', '"rogue-devices"') WHERE stream_id = $1 AND revision = 2`, [stream]).then(() => undefined),
  },
  {
    name: 'delete revision 2',
    expectedFirstBroken: 2,
    apply: (db, stream) => db.query(`DELETE FROM events WHERE stream_id = $1 AND revision = 2`, [stream]).then(() => undefined),
  },
  {
    name: 'delete the last revision (3)',
    expectedFirstBroken: 3,
    apply: (db, stream) => db.query(`DELETE FROM events WHERE stream_id = $1 AND revision = 3`, [stream]).then(() => undefined),
  },
  {
    name: 'reorder revisions 2 and 3',
    expectedFirstBroken: 2,
    async apply(db, stream) {
      await db.query(`UPDATE events SET revision = 1000 WHERE stream_id = $1 AND revision = 2`, [stream]);
      await db.query(`UPDATE events SET revision = 2 WHERE stream_id = $1 AND revision = 3`, [stream]);
      await db.query(`UPDATE events SET revision = 3 WHERE stream_id = $1 AND revision = 1000`, [stream]);
    },
  },
  {
    name: 'insert a forged event at the end, correctly hashed and linked (only the head disagrees)',
    expectedFirstBroken: 4,
    async apply(db, stream) {
      const { rows } = await db.query<{ hash: string; data: Record<string, unknown>; metadata: EventMetadata }>(
        `SELECT hash, data, metadata FROM events WHERE stream_id = $1 AND revision = 3`,
        [stream],
      );
      const content = {
        eventId: '00000000-0000-4000-8000-000000000001',
        stream,
        revision: 4,
        type: 'AgreementSignedOff',
        schemaVersion: 1,
        data: { ...rows[0].data, signedBy: 'rogue-devices' },
        metadata: rows[0].metadata,
        occurredAt: '2026-01-01T00:00:00.000Z',
        previousHash: rows[0].hash,
      };
      await db.query(
        `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
         VALUES ($1, $2, 4, $3, 1, $4::jsonb, $5::jsonb, $6, $7, $8)`,
        [content.eventId, stream, content.type, JSON.stringify(content.data), JSON.stringify(content.metadata), content.occurredAt, content.previousHash, hashEvent(content)],
      );
    },
  },
  {
    name: 'insert a forged event in the middle (revisions shifted up)',
    expectedFirstBroken: 2,
    async apply(db, stream) {
      await db.query(`UPDATE events SET revision = revision + 100 WHERE stream_id = $1 AND revision >= 2`, [stream]);
      await db.query(`UPDATE events SET revision = revision - 99 WHERE stream_id = $1 AND revision >= 100`, [stream]);
      await db.query(
        `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
         SELECT '00000000-0000-4000-8000-000000000002', stream_id, 2, type, schema_version, data, metadata, occurred_at, hash, 'forged'
           FROM events WHERE stream_id = $1 AND revision = 1`,
        [stream],
      );
    },
  },
];

/**
 * Issue 6, item 7: rows of a running server's events table are altered, deleted, reordered or
 * inserted by SQL. verifyHistory names the first broken revision, and the service keeps serving
 * the other streams (reads and commands).
 */
describe.each(TEST_BACKENDS)('tamper evidence on a running server (%s)', (backend) => {
  let server: TestServer;
  let database: SqlDatabase;
  let untouched: { agreementId: string; digest: string };
  beforeAll(async () => {
    server = await startFreshTestServer(backend);
    database = server.app.get<SqlDatabase>(SQL_DATABASE);
    await registerConsortium(server);
    untouched = await agreementWithTerms(server, `Untouched ${backend}`);
  }, 60_000);
  afterAll(() => server.close());

  it.each(TAMPERINGS)('$name: verifyHistory names revision $expectedFirstBroken', async (tampering) => {
    const auditor = server.as('audit-office');
    const target = await agreementWithTerms(server, `Target ${tampering.name} ${backend}`);
    for (const party of ['acme-devices', 'metro-operations']) {
      const signed = await server.as(party)(SIGN, { input: { agreementId: target.agreementId, version: 1, digest: target.digest } });
      expect(signed.errors).toBeUndefined();
    }
    expect((await auditor(VERIFY, { id: target.agreementId })).data).toMatchObject({ verifyHistory: { intact: true, eventCount: 4 } });

    await tampering.apply(database, `agreement-${target.agreementId}`);

    const verified = await auditor<{ verifyHistory: { intact: boolean; firstBrokenRevision: number; reason: string } }>(VERIFY, { id: target.agreementId });
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyHistory).toMatchObject({ intact: false, firstBrokenRevision: tampering.expectedFirstBroken });

    // The other streams are served: health, a read, a verification and a command on another agreement.
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    expect((await auditor(VERIFY, { id: untouched.agreementId })).data).toMatchObject({ verifyHistory: { intact: true } });
    const read = await server.as('metro-operations')(`query($id: ID!) { agreement(id: $id) { id } }`, { id: untouched.agreementId });
    expect(read.errors).toBeUndefined();
    const rejected = await server.as('harbor-insurance')(`mutation($input: RejectTermsInput!) { rejectTerms(input: $input) { id } }`, {
      input: { agreementId: untouched.agreementId, version: 1, reason: `still served after: ${tampering.name}` },
    });
    expect(rejected.errors).toBeUndefined();
  }, 60_000);
});
