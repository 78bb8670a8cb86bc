import { ignoreUnknownEvent } from '../shared/assert-never.js';
import type { AgreementEvent } from './agreement.events.js';
import type { AgreementState } from './agreement.state.js';


/** Folds one recorded agreement event. Tolerant of any order; never throws. */
export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'AgreementOpened') {
    const { parties, ...context } = event.data;
    return {
      status: 'NEGOTIATING',
      ...context,
      parties: [...parties],
      withdrawnParties: [],
      latestVersion: 0,
      current: null,
      signOffs: [],
      rejections: [],
      concluded: null,
      termination: null,
      review: null,
    };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'AgreementTermsProposed': {
      const { version, baseVersion, proposedBy, clauses, digest, policyCheck, category } = event.data;
      return {
        ...state,
        status: state.concluded ? 'AMENDING' : 'NEGOTIATING',
        category,
        latestVersion: Math.max(state.latestVersion, version),
        current: {
          version,
          baseVersion,
          proposedBy,
          clauses,
          digest,
          policyCheck: { satisfied: policyCheck.satisfied, missing: [...policyCheck.missing] },
        },
        signOffs: [],
        rejections: [],
        review: null,
      };
    }
    case 'AgreementTermsRejected': {
      const { version, rejectedBy, reason } = event.data;
      return {
        ...state,
        rejections: [...state.rejections.filter((r) => r.organizationId !== rejectedBy), { organizationId: rejectedBy, version, reason }],
      };
    }
    case 'AgreementSignedOff': {
      const { version, digest, signedBy } = event.data;
      if (state.signOffs.some((s) => s.organizationId === signedBy && s.version === version)) return state;
      return {
        ...state,
        signOffs: [...state.signOffs, { organizationId: signedBy, version, digest }],
        rejections: state.rejections.filter((r) => r.organizationId !== signedBy),
      };
    }
    case 'AgreementConcluded': {
      if (!state.current) return state;
      const terms = state.current;
      return {
        ...state,
        status: 'CONCLUDED',
        concluded: {
          ...terms,
          category: event.data.category,
          signOffs: state.signOffs.filter((s) => s.version === terms.version),
        },
      };
    }
    case 'AgreementPartyWithdrew': {
      const { withdrawnBy } = event.data;
      return {
        ...state,
        parties: state.parties.filter((p) => p !== withdrawnBy),
        withdrawnParties: state.withdrawnParties.includes(withdrawnBy) ? state.withdrawnParties : [...state.withdrawnParties, withdrawnBy],
        // The circle of signatories changed, so earlier sign-offs no longer stand.
        signOffs: [],
        rejections: state.rejections.filter((r) => r.organizationId !== withdrawnBy),
      };
    }
    case 'AgreementWithdrawn':
      return { ...state, status: 'WITHDRAWN' };
    case 'AgreementAmendmentWithdrawn': {
      if (!state.concluded) return state;
      const { category: _c, signOffs: _s, ...terms } = state.concluded;
      return { ...state, status: 'CONCLUDED', current: terms, signOffs: [], rejections: [] };
    }
    case 'AgreementTerminationProposed':
      return { ...state, termination: { proposedBy: event.data.proposedBy, reason: event.data.reason, signatures: [] } };
    case 'AgreementTerminationSigned': {
      if (!state.termination) return state;
      const { signatures } = state.termination;
      const signer = event.data.signedBy;
      return {
        ...state,
        termination: { ...state.termination, signatures: signatures.includes(signer) ? signatures : [...signatures, signer] },
      };
    }
    case 'AgreementTerminationRejected':
      return { ...state, termination: null };
    case 'AgreementTerminated':
      return { ...state, status: 'TERMINATED' };
    case 'AgreementMarkedForReview': {
      const { assessmentRevision, previousCategory, newCategory, requirements } = event.data;
      return {
        ...state,
        status: 'REVIEW_REQUIRED',
        assessmentRevision,
        category: newCategory,
        requirements,
        signOffs: [],
        rejections: [],
        review: { previousCategory, newCategory },
      };
    }
    default:
      return ignoreUnknownEvent(event, state);
  }
}
