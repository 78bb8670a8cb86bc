import { isDeepStrictEqual } from 'node:util';
import type { Category, ConcludedTerms, OpenedAgreement, SignOffRecord } from '@app/domain';

/**
 * Concluded terms that are the current terms, as `agreement_view.state` stores them: their category,
 * and their sign-offs unless they are the state's own. The rest is the current terms.
 */
export interface ConcludedAsCurrent {
  sameTermsAs: 'current';
  category: Category;
  /** Absent: the same as the state's `signOffs`. */
  signOffs?: SignOffRecord[];
}

/** An agreement's state as `agreement_view.state` stores it (the view has opened agreements only). */
export type StoredAgreementState = Omit<OpenedAgreement, 'concluded'> & { concluded: ConcludedTerms | ConcludedAsCurrent | null };

/**
 * Once an agreement is concluded, its concluded terms are most of the time the current ones, signed
 * by the same parties: stored in full, they were two fifths of the state's JSON, which a rebuild
 * writes (and PostgreSQL parses, checks and compresses) for every agreement. Stored as a reference
 * to the current terms instead, exactly when `restoredAgreementState` gives back the same state
 * (same values, same key order, so a state restored and written again is stored the same).
 */
export function storedAgreementState(state: OpenedAgreement): StoredAgreementState {
  if (!state.concluded || !state.current) return state;
  const { concluded, current } = state;
  const { category, signOffs, ...terms } = concluded;
  const termKeys = Object.keys(terms);
  const sameTerms =
    isDeepStrictEqual(Object.keys(concluded), [...termKeys, 'category', 'signOffs']) &&
    isDeepStrictEqual(termKeys, Object.keys(current)) &&
    isDeepStrictEqual(terms, current);
  if (!sameTerms) return state;
  const asCurrent: ConcludedAsCurrent = isDeepStrictEqual(signOffs, state.signOffs)
    ? { sameTermsAs: 'current', category }
    : { sameTermsAs: 'current', category, signOffs };
  return { ...state, concluded: asCurrent };
}

/** The state `storedAgreementState` stored (a state stored in full, as before it, is returned as is). */
export function restoredAgreementState(stored: StoredAgreementState): OpenedAgreement {
  const { concluded } = stored;
  if (!concluded || !('sameTermsAs' in concluded)) return stored as OpenedAgreement;
  if (!stored.current) throw new TypeError(`Stored agreement ${stored.agreementId} names current terms it does not have`);
  const restored: ConcludedTerms = { ...stored.current, category: concluded.category, signOffs: concluded.signOffs ?? stored.signOffs };
  return { ...stored, concluded: restored };
}
