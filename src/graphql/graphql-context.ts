import type { Request } from 'express';
import type { Actor } from '@app/domain';

/** Per-request state: the actor is resolved once, before any resolver runs. */
export interface GraphqlContext {
  req?: Request;
  requestId: string;
  /** Set when the bearer token verified; otherwise `authenticationFailure` says why (for logs). */
  actor: Actor | null;
  authenticationFailure: string | null;
  /** The newest log position a mutation of this request produced (read-your-writes token). */
  consistencyToken?: string;
}
