// Reliability support: a load of concurrent commands, each with a commandId, and the client's log of outcomes.
import type { ChildServer, GraphqlResult } from './child-server.js';

export type Outcome = 'acked' | 'refused' | 'unknown';

export interface LoggedCommand {
  commandId: string;
  kind: 'registerOrganization' | 'registerUseCase' | 'openAssessment' | 'proposeAssessment';
  client: string;
  query: string;
  variables: Record<string, unknown>;
  outcome?: Outcome;
  code?: string;
}

const REGISTER_ORGANIZATION = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`;
const REGISTER_USE_CASE = `mutation($input: RegisterUseCaseInput!) { registerUseCase(input: $input) { id } }`;
const OPEN_ASSESSMENT = `mutation($input: OpenAssessmentInput!) { openAssessment(input: $input) { id revision } }`;
const PROPOSE_ASSESSMENT = `mutation($input: ProposeAssessmentInput!) { proposeAssessment(input: $input) { id revision } }`;

export const LOAD_ORGANIZATIONS = [
  { id: 'acme-devices', name: 'ACME Devices', roles: ['MANUFACTURER'] },
  { id: 'metro-operations', name: 'Metro Operations', roles: ['OPERATOR'] },
  { id: 'harbor-insurance', name: 'Harbor Insurance', roles: ['INSURER'] },
  { id: 'cloudline-services', name: 'Cloudline Services', roles: ['SERVICE_PROVIDER'] },
  { id: 'trust-labs', name: 'Trust Labs', roles: ['CERTIFIER'] },
  { id: 'rogue-devices', name: 'Rogue Devices', roles: ['MANUFACTURER'] },
];

/** Registers the realm's demo organizations; idempotent through fixed commandIds. */
export async function registerDemoOrganizations(server: ChildServer): Promise<void> {
  const admin = await server.token('consortium-admin');
  for (const organization of LOAD_ORGANIZATIONS) {
    const response = await server.graphql(REGISTER_ORGANIZATION, { input: { ...organization, commandId: `setup-${organization.id}` } }, admin);
    if (response.errors) throw new Error(`register ${organization.id}: ${JSON.stringify(response.errors)}`);
  }
}

/**
 * One chain per use case: register it, open its assessment, propose a revision (each step needs the
 * previous one), with an organization registration beside each chain.
 */
export function chainOf(run: string, index: number): LoggedCommand[] {
  const useCaseId = `uc-${run}-${index}`;
  const assessmentId = `asm-${run}-${index}`;
  return [
    {
      commandId: `${run}-org-${index}`,
      kind: 'registerOrganization',
      client: 'consortium-admin',
      query: REGISTER_ORGANIZATION,
      variables: { input: { commandId: `${run}-org-${index}`, id: `org-${run}-${index}`, name: `Org ${index}`, roles: ['OPERATOR'] } },
    },
    {
      commandId: `${run}-uc-${index}`,
      kind: 'registerUseCase',
      client: 'acme-devices',
      query: REGISTER_USE_CASE,
      variables: {
        input: {
          commandId: `${run}-uc-${index}`,
          id: useCaseId,
          name: `Gateway ${index}`,
          unit: 'DEVICE',
          domain: 'INDUSTRIAL',
          description: 'A gateway under load.',
          formOfUse: { environment: 'factory', role: 'relay', userSkills: 'technicians' },
        },
      },
    },
    {
      commandId: `${run}-asm-${index}`,
      kind: 'openAssessment',
      client: 'acme-devices',
      query: OPEN_ASSESSMENT,
      variables: { input: { commandId: `${run}-asm-${index}`, id: assessmentId, useCaseId, participantIds: ['metro-operations'] } },
    },
    {
      commandId: `${run}-prop-${index}`,
      kind: 'proposeAssessment',
      client: 'acme-devices',
      query: PROPOSE_ASSESSMENT,
      variables: {
        input: {
          commandId: `${run}-prop-${index}`,
          assessmentId,
          recovery: 'SERIOUS',
          economic: 'LIMITED',
          impacts: [{ area: 'ASSETS', axis: 'ECONOMIC', description: 'Line stops.' }],
          rationale: 'Load test.',
        },
      },
    },
  ];
}

export async function send(server: ChildServer, command: LoggedCommand, signal?: AbortSignal): Promise<{ outcome: Outcome; code?: string; response?: GraphqlResult }> {
  try {
    const response = await server.graphql(command.query, command.variables, await server.token(command.client), signal);
    if (response.status === 200 && !response.errors && response.data) return { outcome: 'acked', response };
    const code = String(response.errors?.[0]?.extensions?.code ?? `HTTP_${response.status}`);
    // A refusal is an answer: nothing was recorded. A failure (the store went away mid-command) is not: the outcome is unknown.
    const failed = code === 'SERVICE_UNAVAILABLE' || code === 'INTERNAL_SERVER_ERROR' || response.status >= 500;
    return { outcome: failed ? 'unknown' : 'refused', code, response };
  } catch {
    return { outcome: 'unknown', code: 'NETWORK' };
  }
}

export interface LoadLog {
  commands: LoggedCommand[];
  acked(): LoggedCommand[];
  unknown(): LoggedCommand[];
  refused(): LoggedCommand[];
}

/**
 * Runs `chains` chains with `concurrency` chains in flight; a chain stops at its first step whose
 * outcome is not an acknowledgement (its later steps are never sent). `onAck` sees the running count.
 */
export async function runLoad(
  server: ChildServer,
  options: { run: string; chains: number; concurrency: number; onAck?: (acked: number) => void; stopWhen?: () => boolean },
): Promise<LoadLog> {
  const commands: LoggedCommand[] = [];
  let next = 0;
  let acked = 0;
  async function worker(): Promise<void> {
    for (;;) {
      if (options.stopWhen?.()) return;
      const index = next++;
      if (index >= options.chains) return;
      for (const command of chainOf(options.run, index)) {
        commands.push(command);
        const { outcome, code } = await send(server, command);
        command.outcome = outcome;
        command.code = code;
        if (outcome !== 'acked') break;
        acked += 1;
        options.onAck?.(acked);
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  return {
    commands,
    acked: () => commands.filter((c) => c.outcome === 'acked'),
    unknown: () => commands.filter((c) => c.outcome === 'unknown'),
    refused: () => commands.filter((c) => c.outcome === 'refused'),
  };
}
