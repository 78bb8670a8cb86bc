import { describe, expect, it } from '@jest/globals';
import { agreementDecider, fold, type AgreementEvent, type OpenedAgreement } from '@app/domain';
import { declaration, markForReview, openAgreement, proposeTermination, proposeTerms, signOff, withdraw } from '@app/domain/testing/agreement.fixtures.js';
import { ACME, continueWith, history, METRO, MID } from '@app/domain/testing/fixtures.js';
import { restoredAgreementState, storedAgreementState, type StoredAgreementState } from './agreement-stored-state.js';

const stateOf = (events: AgreementEvent[]) => fold(agreementDecider, events) as OpenedAgreement;
/** Through the column and back, as the projection writes and reads it. */
const throughTheColumn = (state: OpenedAgreement) => restoredAgreementState(JSON.parse(JSON.stringify(storedAgreementState(state))) as StoredAgreementState);

const v2 = [declaration(), declaration(METRO, 'Patch within 30 days')];
const concluded = history(agreementDecider, openAgreement(), proposeTerms(ACME, 0), signOff(ACME, 1), signOff(METRO, 1));
const amending = continueWith(agreementDecider, concluded, proposeTerms(METRO, 1, v2));
const amendmentWithdrawn = continueWith(agreementDecider, amending, withdraw(METRO));
const reviewed = continueWith(agreementDecider, concluded, markForReview(MID));
const terminating = continueWith(agreementDecider, concluded, proposeTermination(ACME));

describe('the stored form of an agreement state', () => {
  it('names the current terms instead of repeating them once they are the concluded ones, with the same sign-offs', () => {
    const state = stateOf(concluded);
    expect(state.concluded?.version).toBe(state.current?.version);
    const stored = storedAgreementState(state);
    expect(stored.concluded).toEqual({ sameTermsAs: 'current', category: state.concluded?.category });
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(state).length - JSON.stringify(state.current).length);
  });

  it('keeps concluded terms in full when other terms are on the table', () => {
    const state = stateOf(amending);
    expect(state.current?.version).not.toBe(state.concluded?.version);
    expect(storedAgreementState(state)).toEqual(state);
  });

  it('keeps the concluded sign-offs when they are not the state sign-offs', () => {
    const state = stateOf(concluded);
    const unsigned: OpenedAgreement = { ...state, signOffs: [] };
    expect(storedAgreementState(unsigned).concluded).toEqual({ sameTermsAs: 'current', category: state.concluded?.category, signOffs: state.concluded?.signOffs });
    expect(throughTheColumn(unsigned)).toEqual(unsigned);
  });

  it('gives back every state of a negotiation exactly, key order included, through JSON', () => {
    const negotiations = [concluded, amending, amendmentWithdrawn, reviewed, terminating];
    for (const events of negotiations) {
      for (let length = 1; length <= events.length; length++) {
        const state = stateOf(events.slice(0, length));
        expect(JSON.stringify(throughTheColumn(state))).toBe(JSON.stringify(state));
      }
    }
  });

  it('folds on from a restored state as from the state itself', () => {
    const restored = throughTheColumn(stateOf(concluded));
    const later = amending.slice(concluded.length);
    const onRestored = later.reduce((state, event) => agreementDecider.evolve(state, event), restored as ReturnType<typeof agreementDecider.initialState>);
    expect(onRestored).toEqual(stateOf(amending));
    expect(storedAgreementState(onRestored as OpenedAgreement)).toEqual(storedAgreementState(stateOf(amending)));
  });

  it('reads a state stored in full (as written before this form) as it is', () => {
    for (const events of [concluded, amending]) {
      const state = stateOf(events);
      expect(restoredAgreementState(JSON.parse(JSON.stringify(state)) as StoredAgreementState)).toEqual(state);
    }
  });

  it('refuses a stored reference to current terms the state does not have', () => {
    const stored = { ...storedAgreementState(stateOf(concluded)), current: null };
    expect(() => restoredAgreementState(stored)).toThrow(TypeError);
  });
});
