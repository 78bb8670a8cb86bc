/** The demo service-account table of API-CONTRACT.md ("Identity"), copied verbatim. */
export const CONTRACT_CLIENTS = [
  { clientId: 'consortium-admin', orgId: 'consortium', roles: ['consortium_admin'] },
  { clientId: 'acme-devices', orgId: 'acme-devices', roles: ['manufacturer'] },
  { clientId: 'metro-operations', orgId: 'metro-operations', roles: ['operator'] },
  { clientId: 'harbor-insurance', orgId: 'harbor-insurance', roles: ['insurer'] },
  { clientId: 'cloudline-services', orgId: 'cloudline-services', roles: ['service_provider'] },
  { clientId: 'trust-labs', orgId: 'trust-labs', roles: ['certifier'] },
  { clientId: 'audit-office', orgId: 'audit-office', roles: ['auditor'] },
  { clientId: 'rogue-devices', orgId: 'rogue-devices', roles: ['manufacturer'] },
] as const;

export const CONTRACT_ROLES = [
  'manufacturer',
  'operator',
  'service_provider',
  'insurer',
  'certifier',
  'auditor',
  'consortium_admin',
] as const;
