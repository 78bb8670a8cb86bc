/**
 * A full negotiation against a running server, printed as tables:
 *   npm run demo                       (BASE_URL, default http://localhost:${PORT:-3000})
 * It registers the demo consortium (already registered organizations are fine, so it runs any
 * number of times: use cases carry a run id), agrees the categories of one camera in two forms of
 * use, negotiates an agreement through a failed policy check to its conclusion, opens an amendment,
 * and prints the category matrix and the agreement's audit trail with its hash-chain verification.
 * Exits non-zero with the failing step on any error.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DemoError, DemoSession } from './demo/api-client.js';
import {
  CONCOURSE_IMPACTS,
  concourseUseCase,
  CROSSING_IMPACTS,
  crossingTerms,
  crossingUseCase,
  DEMO_CLIENTS,
  DEMO_ORGANIZATIONS,
  OPERATIONS,
} from './demo/scenario.js';
import { categoryMatrixTable, historyTable, table, type HistoryRow, type MatrixCell } from './demo/tables.js';

export interface DemoOptions {
  /** The service, e.g. http://localhost:3000 (token endpoint and /graphql are under it). */
  baseUrl: string;
  /** Receives each line of output. */
  log: (line: string) => void;
  /** Suffix of this run's names and command ids; random by default. */
  runId?: string;
}

interface Category {
  recovery: string;
  economic: string;
}

interface AssessmentView {
  id: string;
  status: string;
  revision: number;
  agreedCategory: Category | null;
  openChallenges: Array<{ challengedBy: { id: string }; reason: string }>;
}

interface AgreementView {
  id: string;
  status: string;
  latestVersion: number;
  category: Category;
  currentTerms: { version: number; digest: string; clauses: Array<{ perspective: string; title: string; responsibleParty: { id: string } }> } | null;
  concludedTerms: { version: number; digest: string } | null;
  signOffs: Array<{ organization: { id: string }; version: number }>;
  policyCheck: { satisfied: boolean; missing: string[] } | null;
}

interface Verification {
  intact: boolean;
  eventCount: number;
  headHash: string | null;
  firstBrokenRevision: number | null;
  reason: string | null;
}

/** What the run produced, for callers that check it (the e2e test). */
export interface DemoResult {
  runId: string;
  useCases: Array<{ id: string; name: string; category: Category }>;
  agreementId: string;
  /** Status right after the last sign-off, then after the amendment was proposed. */
  statuses: { concluded: string; amended: string };
  concludedVersion: number;
  matrix: MatrixCell[];
  history: HistoryRow[];
  verification: Verification;
}

const label = (category: Category) => `${category.recovery}/${category.economic}`;

export async function runDemo({ baseUrl, log, runId = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}` }: DemoOptions): Promise<DemoResult> {
  const base = baseUrl.replace(/\/+$/, '');
  const session = new DemoSession(`${base}/graphql`, `${base}/realms/iot-ssf/protocol/openid-connect/token`);
  const commandId = (step: string) => `demo-${runId}-${step}`;
  log(`IoT-SSF demarcation demo against ${base} (run ${runId})`);

  // 1. Tokens for every demo client, then the consortium (already registered is fine: runs repeat).
  await session.login(DEMO_CLIENTS);
  for (const organization of DEMO_ORGANIZATIONS) {
    const step = `register ${organization.id}`;
    const body = await session.request('consortium-admin', step, OPERATIONS.registerOrganization, { input: organization });
    const [error] = body.errors ?? [];
    if (error && error.extensions?.reason !== 'ORGANIZATION.ALREADY_REGISTERED') {
      throw new DemoError(step, error.message, error.extensions?.code, error.extensions?.reason);
    }
  }
  log(`Consortium: ${DEMO_ORGANIZATIONS.map((organization) => organization.id).join(', ')}`);

  // 2. The camera on a level crossing: ACME rates it, Metro challenges the economic impact, ACME revises, both endorse.
  const crossing = await session.run<{ registerUseCase: { id: string; name: string } }>('acme-devices', 'register crossing use case', OPERATIONS.registerUseCase, {
    input: { ...crossingUseCase(runId), commandId: commandId('use-case-crossing') },
  });
  const crossingUseCaseId = crossing.registerUseCase.id;
  const opened = await session.run<{ openAssessment: AssessmentView }>('acme-devices', 'open crossing assessment', OPERATIONS.openAssessment, {
    input: { useCaseId: crossingUseCaseId, participantIds: ['metro-operations'], commandId: commandId('assessment-crossing') },
  });
  const assessmentId = opened.openAssessment.id;
  await session.run('acme-devices', 'propose crossing revision 1', OPERATIONS.proposeAssessment, {
    input: {
      assessmentId,
      recovery: 'SEVERE',
      economic: 'CATASTROPHIC',
      impacts: CROSSING_IMPACTS,
      rationale: 'A missed obstacle can kill; a fleet-wide compromise stops the whole line.',
      likelihoodNote: 'Cameras sit on public land; physical tampering is plausible.',
      commandId: commandId('crossing-propose-1'),
    },
  });
  const challenged = await session.run<{ challengeAssessment: AssessmentView }>('metro-operations', 'challenge crossing revision 1', OPERATIONS.challengeAssessment, {
    input: {
      assessmentId,
      revision: 1,
      recovery: 'SEVERE',
      economic: 'SERIOUS',
      reason: 'Each crossing fails safe on its own: an outage stops one line for hours, not the network.',
      commandId: commandId('crossing-challenge-1'),
    },
  });
  log(`Assessment ${assessmentId}: revision 1 SEVERE/CATASTROPHIC challenged by metro-operations ("${challenged.challengeAssessment.openChallenges[0]?.reason}")`);
  await session.run('acme-devices', 'propose crossing revision 2', OPERATIONS.proposeAssessment, {
    input: {
      assessmentId,
      baseRevision: 1,
      recovery: 'SEVERE',
      economic: 'SERIOUS',
      impacts: CROSSING_IMPACTS,
      rationale: 'Accepted: crossings fail safe one at a time; life and body remain at stake.',
      commandId: commandId('crossing-propose-2'),
    },
  });
  await session.run('acme-devices', 'endorse crossing revision 2', OPERATIONS.endorseAssessment, { input: { assessmentId, revision: 2, commandId: commandId('crossing-endorse-acme') } });
  const crossingAgreed = await session.run<{ endorseAssessment: AssessmentView }>('metro-operations', 'endorse crossing revision 2', OPERATIONS.endorseAssessment, {
    input: { assessmentId, revision: 2, commandId: commandId('crossing-endorse-metro') },
  });
  const crossingCategory = agreedCategory(crossingAgreed.endorseAssessment, 'crossing assessment');

  // 3. The same camera on a station concourse: ACME and Cloudline agree a lower category at once.
  const concourse = await session.run<{ registerUseCase: { id: string; name: string } }>('acme-devices', 'register concourse use case', OPERATIONS.registerUseCase, {
    input: { ...concourseUseCase(runId), commandId: commandId('use-case-concourse') },
  });
  const concourseAssessment = await session.run<{ openAssessment: AssessmentView }>('acme-devices', 'open concourse assessment', OPERATIONS.openAssessment, {
    input: { useCaseId: concourse.registerUseCase.id, participantIds: ['cloudline-services'], commandId: commandId('assessment-concourse') },
  });
  const concourseAssessmentId = concourseAssessment.openAssessment.id;
  await session.run('acme-devices', 'propose concourse revision 1', OPERATIONS.proposeAssessment, {
    input: {
      assessmentId: concourseAssessmentId,
      recovery: 'SERIOUS',
      economic: 'LIMITED',
      impacts: CONCOURSE_IMPACTS,
      rationale: 'No safety role; revealed footage is privacy harm that cannot be undone.',
      commandId: commandId('concourse-propose-1'),
    },
  });
  await session.run('cloudline-services', 'endorse concourse revision 1', OPERATIONS.endorseAssessment, {
    input: { assessmentId: concourseAssessmentId, revision: 1, commandId: commandId('concourse-endorse-cloudline') },
  });
  const concourseAgreed = await session.run<{ endorseAssessment: AssessmentView }>('acme-devices', 'endorse concourse revision 1', OPERATIONS.endorseAssessment, {
    input: { assessmentId: concourseAssessmentId, revision: 1, commandId: commandId('concourse-endorse-acme') },
  });
  const concourseCategory = agreedCategory(concourseAgreed.endorseAssessment, 'concourse assessment');
  const useCases = [
    { id: crossingUseCaseId, name: crossing.registerUseCase.name, category: crossingCategory },
    { id: concourse.registerUseCase.id, name: concourse.registerUseCase.name, category: concourseCategory },
  ];
  log('');
  log('One device, two forms of use, two categories:');
  log(table(['use case', 'category (recovery/economic)'], useCases.map((useCase) => [useCase.name, label(useCase.category)])));

  // 4. The agreement for the crossing: the first terms miss social support, so no one can sign them.
  const openedAgreement = await session.run<{ openAgreement: AgreementView }>('acme-devices', 'open agreement', OPERATIONS.openAgreement, {
    input: { assessmentId, partyIds: ['metro-operations', 'cloudline-services', 'harbor-insurance', 'trust-labs'], commandId: commandId('agreement') },
  });
  const agreementId = openedAgreement.openAgreement.id;
  const first = await session.run<{ proposeTerms: AgreementView }>('acme-devices', 'propose terms v1', OPERATIONS.proposeTerms, {
    input: { agreementId, baseVersion: 0, clauses: crossingTerms({ withInsurance: false }), commandId: commandId('terms-1') },
  });
  const firstTerms = requireTerms(first.proposeTerms, 'propose terms v1');
  const refusal = await session.expectRefusal('metro-operations', 'sign-off of v1 (must be refused)', 'AGREEMENT.POLICY_CHECK_FAILED', OPERATIONS.signOff, {
    input: { agreementId, version: firstTerms.version, digest: firstTerms.digest },
  });
  log('');
  log(`Agreement ${agreementId} (${label(openedAgreement.openAgreement.category)}):`);
  log(`  v1 by acme-devices: policy check ${first.proposeTerms.policyCheck?.satisfied ? 'passed' : `failed, missing ${first.proposeTerms.policyCheck?.missing.join(', ')}`}`);
  log(`  sign-off of v1 refused: ${refusal.extensions?.code} ${refusal.extensions?.reason} (${refusal.message})`);

  // 5. Harbor Insurance counter-proposes with liability insurance; every party signs v2 by its digest.
  const counter = await session.run<{ proposeTerms: AgreementView }>('harbor-insurance', 'counter-propose terms v2', OPERATIONS.proposeTerms, {
    input: { agreementId, baseVersion: firstTerms.version, clauses: crossingTerms({ withInsurance: true }), commandId: commandId('terms-2') },
  });
  const counterTerms = requireTerms(counter.proposeTerms, 'counter-propose terms v2');
  if (!counter.proposeTerms.policyCheck?.satisfied) throw new DemoError('counter-propose terms v2', `policy check still fails: ${counter.proposeTerms.policyCheck?.missing.join(', ')}`);
  log(`  v2 by harbor-insurance adds SOCIAL_SUPPORT (insurance, 300,000,000 JPY): policy check passed, digest ${counterTerms.digest.slice(0, 12)}…`);
  const signers = ['acme-devices', 'metro-operations', 'cloudline-services', 'harbor-insurance', 'trust-labs'];
  let signed: AgreementView = counter.proposeTerms;
  for (const signer of signers) {
    const result = await session.run<{ signOff: AgreementView }>(signer, `sign-off of v2 by ${signer}`, OPERATIONS.signOff, {
      input: { agreementId, version: counterTerms.version, digest: counterTerms.digest, commandId: commandId(`sign-2-${signer}`) },
    });
    signed = result.signOff;
    log(`  ${signer} signed v${counterTerms.version} -> ${signed.status}`);
  }
  if (signed.status !== 'CONCLUDED') throw new DemoError('sign-offs of v2', `the last sign-off left the agreement ${signed.status}, not CONCLUDED`);

  // 6. Read your writes: the read model waits for the last sign-off's position.
  const concluded = await session.run<{ agreement: AgreementView }>('metro-operations', 'read the concluded agreement', OPERATIONS.agreement, {
    id: agreementId,
    consistencyToken: session.consistencyToken,
  });
  if (concluded.agreement.status !== 'CONCLUDED') throw new DemoError('read the concluded agreement', `read model says ${concluded.agreement.status}`);
  const concludedVersion = concluded.agreement.concludedTerms?.version ?? 0;
  log('');
  log(`Responsibilities in force (v${concludedVersion}, read model at ${session.consistencyToken}):`);
  log(table(['perspective', 'clause', 'responsible'], (concluded.agreement.currentTerms?.clauses ?? []).map((c) => [c.perspective, c.title, c.responsibleParty.id])));

  // 7. An amendment: Metro proposes monthly inspections; v2 stays in force meanwhile.
  const amendment = await session.run<{ proposeTerms: AgreementView }>('metro-operations', 'propose amendment v3', OPERATIONS.proposeTerms, {
    input: { agreementId, baseVersion: counterTerms.version, clauses: crossingTerms({ withInsurance: true, monthlyInspection: true }), commandId: commandId('terms-3') },
  });
  const diff = await session.run<{ termsDiff: { added: Array<{ title: string }>; removed: Array<{ title: string }>; changed: Array<{ key: string; fields: string[] }>; unchangedCount: number } }>(
    'metro-operations',
    'diff v2 -> v3',
    OPERATIONS.termsDiff,
    { id: agreementId, from: counterTerms.version, to: counterTerms.version + 1 },
  );
  const changes = diff.termsDiff.changed.map((change) => `${change.key} (${change.fields.join(', ')})`);
  log('');
  log(`Amendment v3 by metro-operations -> ${amendment.proposeTerms.status}; v${amendment.proposeTerms.concludedTerms?.version} stays in force`);
  log(`  v2 -> v3: changed ${changes.join('; ') || 'nothing'}, ${diff.termsDiff.added.length} added, ${diff.termsDiff.removed.length} removed, ${diff.termsDiff.unchangedCount} unchanged`);

  // 8. The category matrix (names no party), read after every write of this run.
  const matrix = await session.run<{ categoryMatrix: MatrixCell[] }>('audit-office', 'category matrix', OPERATIONS.categoryMatrix, { consistencyToken: session.consistencyToken });
  log('');
  log('Category matrix (uc = use cases, agreed = assessments agreed, concl. = agreements concluded; * = this run):');
  log(categoryMatrixTable(matrix.categoryMatrix, [crossingCategory, concourseCategory]));

  // 9. The audit trail of the agreement and its hash-chain verification (events are read from the store).
  const history = await session.run<{ history: HistoryRow[] }>('audit-office', 'agreement history', OPERATIONS.history, { id: agreementId });
  const verified = await session.run<{ verifyHistory: Verification }>('audit-office', 'verify agreement history', OPERATIONS.verifyHistory, { id: agreementId });
  const verification = verified.verifyHistory;
  log('');
  log(`Audit trail of agreement ${agreementId}:`);
  log(historyTable(history.history));
  log(
    verification.intact
      ? `verifyHistory: intact, ${verification.eventCount} events, head ${verification.headHash?.slice(0, 12)}…`
      : `verifyHistory: BROKEN at revision ${verification.firstBrokenRevision} (${verification.reason ?? 'no reason given'})`,
  );
  if (!verification.intact) throw new DemoError('verify agreement history', `hash chain broken at revision ${verification.firstBrokenRevision}`);

  return {
    runId,
    useCases,
    agreementId,
    statuses: { concluded: signed.status, amended: amendment.proposeTerms.status },
    concludedVersion,
    matrix: matrix.categoryMatrix,
    history: history.history,
    verification,
  };
}

function agreedCategory(assessment: AssessmentView, step: string): Category {
  if (assessment.status !== 'AGREED' || !assessment.agreedCategory) throw new DemoError(step, `expected AGREED after the last endorsement, got ${assessment.status}`);
  return assessment.agreedCategory;
}

function requireTerms(agreement: AgreementView, step: string): NonNullable<AgreementView['currentTerms']> {
  if (!agreement.currentTerms) throw new DemoError(step, 'the agreement shows no current terms');
  return agreement.currentTerms;
}

function defaultBaseUrl(): string {
  const configured = process.env['BASE_URL']?.trim();
  return configured || `http://localhost:${process.env['PORT']?.trim() || '3000'}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDemo({ baseUrl: defaultBaseUrl(), log: (line) => process.stdout.write(`${line}\n`) }).then(
    () => process.stdout.write('\nDemo completed.\n'),
    (error: unknown) => {
      process.stderr.write(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
