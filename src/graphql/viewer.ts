import type { Actor } from '@app/domain';
import { seesEverything } from '../application/access-policy.js';
import type { Viewer } from '../read-models/index.js';

/** The read side's notion of the caller. */
export function viewerOf(actor: Actor): Viewer {
  return { organizationId: actor.organizationId, seesEverything: seesEverything(actor) };
}
