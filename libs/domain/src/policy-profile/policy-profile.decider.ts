import { hasRole } from '../shared/actor-guards.js';
import { assertNever, ignoreUnknownEvent } from '../shared/assert-never.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { isIdentifier, isNonEmptyString } from '../shared/validation.js';
import type { PolicyProfileCommand } from './policy-profile.commands.js';
import type { PolicyProfileEvent } from './policy-profile.events.js';
import type { PolicyProfileState } from './policy-profile.state.js';
import { copyCells, type PolicyCell, policyCellIssues } from './policy-requirements.js';

function validCells(cells: unknown): PolicyCell[] {
  const issues = policyCellIssues(cells);
  if (issues.length > 0) throw new DomainError('POLICY_PROFILE.INVALID', issues[0], { field: 'cells', issues });
  return copyCells(cells as PolicyCell[]);
}

function text(value: unknown, field: string): string {
  if (!isNonEmptyString(value)) throw new DomainError('POLICY_PROFILE.INVALID', `${field} is required`, { field });
  return value.trim();
}

function decide(command: PolicyProfileCommand, state: PolicyProfileState): PolicyProfileEvent[] {
  if (!hasRole(command.metadata.actor, 'consortium_admin')) {
    throw new DomainError('POLICY_PROFILE.FORBIDDEN', 'Only consortium admins maintain policy profiles');
  }
  switch (command.type) {
    case 'DefinePolicyProfile': {
      const { profileId } = command.data;
      if (state.status !== 'NONE') {
        throw new DomainError('POLICY_PROFILE.ALREADY_DEFINED', `Profile ${profileId} exists`, { profileId });
      }
      if (!isIdentifier(profileId)) {
        throw new DomainError('POLICY_PROFILE.INVALID', 'profileId is not a valid identifier', { field: 'profileId' });
      }
      return [
        {
          type: 'PolicyProfileDefined',
          data: {
            profileId,
            version: 1,
            name: text(command.data.name, 'name'),
            description: text(command.data.description, 'description'),
            cells: validCells(command.data.cells),
          },
        },
      ];
    }
    case 'RevisePolicyProfile': {
      if (state.status === 'NONE') throw new DomainError('POLICY_PROFILE.NOT_FOUND', 'Profile not defined');
      if (command.data.baseVersion !== state.version) {
        throw new DomainError('POLICY_PROFILE.VERSION_SUPERSEDED', `Version ${command.data.baseVersion} is not current`, {
          currentVersion: state.version,
        });
      }
      const latest = state.versions[state.versions.length - 1];
      return [
        {
          type: 'PolicyProfileRevised',
          data: {
            profileId: state.profileId,
            version: state.version + 1,
            name: command.data.name === undefined ? latest.name : text(command.data.name, 'name'),
            description: command.data.description === undefined ? latest.description : text(command.data.description, 'description'),
            cells: validCells(command.data.cells),
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: PolicyProfileState, event: PolicyProfileEvent): PolicyProfileState {
  switch (event.type) {
    case 'PolicyProfileDefined':
    case 'PolicyProfileRevised': {
      const { profileId, ...version } = event.data;
      const versions = state.status === 'NONE' ? [] : state.versions.filter((v) => v.version !== version.version);
      return {
        status: 'DEFINED',
        profileId,
        version: Math.max(state.status === 'NONE' ? 0 : state.version, version.version),
        versions: [...versions, version].sort((a, b) => a.version - b.version),
      };
    }
    default:
      return ignoreUnknownEvent(event, state);
  }
}

/**
 * PolicyProfile aggregate (stream `policy-profile-<id>`): consortium-owned data
 * that sets, per category and perspective, the requirement level and minimum
 * confirmation method. Versions only grow; a revision names its base version.
 */
export const policyProfileDecider: Decider<PolicyProfileCommand, PolicyProfileEvent, PolicyProfileState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'NONE' }),
};
