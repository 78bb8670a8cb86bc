// Reliability support: an agreement among four parties with terms that pass the policy check, through HTTP.
import { ok, IMPACTS, OPEN_AGREEMENT, OPEN_ASSESSMENT, PROPOSE_ASSESSMENT, ENDORSE_ASSESSMENT, PROPOSE_TERMS, REGISTER_USE_CASE, railTerms } from '../../support/demo-consortium.js';
import { registerDemoOrganizations } from '../../support/fresh-test-server.js';
import type { TestServer } from '../../support/test-server.js';

export const PARTIES = ['acme-devices', 'metro-operations', 'harbor-insurance', 'trust-labs'] as const;

export async function registerConsortium(server: TestServer): Promise<void> {
  await registerDemoOrganizations(server, {
    'acme-devices': ['MANUFACTURER'],
    'metro-operations': ['OPERATOR'],
    'harbor-insurance': ['INSURER'],
    'trust-labs': ['CERTIFIER'],
    'cloudline-services': ['SERVICE_PROVIDER'],
    'rogue-devices': ['MANUFACTURER'],
  });
}

/** A SEVERE/SERIOUS use case, agreed, and an agreement among PARTIES with version 1 proposed (it passes the check). */
export async function agreementWithTerms(server: TestServer, name: string): Promise<{ agreementId: string; assessmentId: string; digest: string }> {
  const acme = server.as('acme-devices');
  const metro = server.as('metro-operations');
  const useCase = await ok(acme, REGISTER_USE_CASE, {
    input: { name, unit: 'DEVICE', domain: 'TRANSPORTATION', description: 'Gateway', formOfUse: { environment: 'rail', role: 'relay', userSkills: 'engineers' } },
  });
  const opened = await ok(acme, OPEN_ASSESSMENT, { input: { useCaseId: useCase.registerUseCase.id, participantIds: ['metro-operations'] } });
  const assessmentId = opened.openAssessment.id as string;
  await ok(acme, PROPOSE_ASSESSMENT, { input: { assessmentId, recovery: 'SEVERE', economic: 'SERIOUS', impacts: IMPACTS, rationale: 'Life at stake.' } });
  await ok(acme, ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 1 } });
  await ok(metro, ENDORSE_ASSESSMENT, { input: { assessmentId, revision: 1 } });
  const agreement = await ok(acme, OPEN_AGREEMENT, { input: { assessmentId, partyIds: PARTIES.slice(1) } });
  const agreementId = agreement.openAgreement.id as string;
  const proposed = await ok(acme, PROPOSE_TERMS, { input: { agreementId, baseVersion: 0, clauses: railTerms(true) } });
  return { agreementId, assessmentId, digest: proposed.proposeTerms.currentTerms.digest as string };
}
