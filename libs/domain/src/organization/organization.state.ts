import type { StakeholderRole } from './stakeholder-role.js';

export type OrganizationState =
  | { status: 'NONE' }
  | { status: 'ACTIVE' | 'DEACTIVATED'; organizationId: string; name: string; roles: StakeholderRole[] };
