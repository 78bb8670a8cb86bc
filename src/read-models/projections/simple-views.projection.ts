import {
  ORGANIZATION_EVENT_TYPES,
  organizationDecider,
  POLICY_PROFILE_EVENT_TYPES,
  USE_CASE_EVENT_TYPES,
  policyProfileDecider,
  useCaseDecider,
  type OrganizationEvent,
  type OrganizationState,
  type PolicyProfileEvent,
  type PolicyProfileState,
  type UseCaseEvent,
  type UseCaseState,
} from '@app/domain';
import type { Projection } from '../../projections/projection.js';
import { upsertRows } from './aggregate-batch.js';
import { aggregateProjection } from './aggregate-projection.js';

const VIEW_COLUMNS = {
  id: 'text',
  state: 'json',
  marks: 'jsonb',
  stream_revision: 'bigint',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

/** `organization_view`: one row per organization, its roles and status. */
export const organizationProjection: Projection = aggregateProjection<OrganizationState, OrganizationEvent>({
  name: 'organizations',
  eventTypes: ORGANIZATION_EVENT_TYPES,
  tables: ['organization_view'],
  folding: { kind: 'organization', table: 'organization_view', ...organizationDecider },
  async write(tx, touched) {
    const rows = touched.flatMap(({ after }) =>
      after.state.status === 'NONE'
        ? []
        : [
            {
              id: after.id,
              name: after.state.name,
              status: after.state.status,
              roles: after.state.roles,
              state: after.state,
              marks: after.marks,
              stream_revision: after.streamRevision,
              created_at: after.createdAt,
              updated_at: after.updatedAt,
            },
          ],
    );
    await upsertRows(tx, 'organization_view', { ...VIEW_COLUMNS, name: 'text', status: 'text', roles: 'text[]' }, ['id'], rows);
  },
});

/** `use_case_view`: one row per use case. Its category comes from its agreed assessments (see the assessments projection). */
export const useCaseProjection: Projection = aggregateProjection<UseCaseState, UseCaseEvent>({
  name: 'use-cases',
  eventTypes: USE_CASE_EVENT_TYPES,
  tables: ['use_case_view'],
  folding: { kind: 'useCase', table: 'use_case_view', ...useCaseDecider },
  // One row per use case, its own.
  laneKey: ({ id }) => id,
  async write(tx, touched) {
    const rows = touched.flatMap(({ after }) =>
      after.state.status === 'NONE'
        ? []
        : [
            {
              id: after.id,
              name: after.state.name,
              unit: after.state.unit,
              domain: after.state.domain,
              status: after.state.status,
              registered_by: after.state.registeredBy,
              state: after.state,
              marks: after.marks,
              stream_revision: after.streamRevision,
              created_at: after.createdAt,
              updated_at: after.updatedAt,
            },
          ],
    );
    await upsertRows(
      tx,
      'use_case_view',
      { ...VIEW_COLUMNS, name: 'text', unit: 'text', domain: 'text', status: 'text', registered_by: 'text' },
      ['id'],
      rows,
    );
  },
});

/** `policy_profile_view`: every version of every profile. */
export const policyProfileProjection: Projection = aggregateProjection<PolicyProfileState, PolicyProfileEvent>({
  name: 'policy-profiles',
  eventTypes: POLICY_PROFILE_EVENT_TYPES,
  tables: ['policy_profile_view'],
  folding: { kind: 'policyProfile', table: 'policy_profile_view', ...policyProfileDecider },
  async write(tx, touched) {
    const rows = touched.flatMap(({ after }) => {
      const { state } = after;
      if (state.status === 'NONE') return [];
      const latest = state.versions.find((v) => v.version === state.version);
      return [
        {
          id: after.id,
          name: latest?.name ?? '',
          version: state.version,
          state,
          marks: after.marks,
          stream_revision: after.streamRevision,
          created_at: after.createdAt,
          updated_at: after.updatedAt,
        },
      ];
    });
    await upsertRows(tx, 'policy_profile_view', { ...VIEW_COLUMNS, name: 'text', version: 'integer' }, ['id'], rows);
  },
});
