import type { RealmRole } from './identity.constants.js';

/** The authenticated caller, as the rest of the platform sees it. */
export interface Actor {
  /** Token `sub`: the user (or service-account user) id at the identity provider. */
  readonly subject: string;
  /** The `org_id` claim: the organization the caller acts for. */
  readonly organizationId: string;
  /** Lowercase realm roles, restricted to {@link REALM_ROLES}. */
  readonly roles: readonly RealmRole[];
}
