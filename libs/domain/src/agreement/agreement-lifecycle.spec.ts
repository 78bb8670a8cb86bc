import { describe, expect, it } from '@jest/globals';
import { defaultRequirements } from '../policy-profile/default-policy-profile.js';
import { spec } from '../shared/decider-specification.js';
import { fold } from '../shared/decider.js';
import { termsDigest } from '../terms/terms-digest.js';
import {
  declaration,
  markForReview,
  openAgreement,
  proposeTermination,
  proposeTerms,
  rejectTermination,
  signOff,
  signTermination,
  withdraw,
} from '../testing/agreement.fixtures.js';
import { ACME, by, continueWith, HARBOR, HIGH, history, LOW, METRO, MID, ROGUE, TRUST } from '../testing/fixtures.js';
import type { AgreementCommand } from './agreement.commands.js';
import { agreementDecider } from './agreement.decider.js';

const given = spec(agreementDecider).given;
const run = (...commands: AgreementCommand[]) => history(agreementDecider, ...commands);
const after = (events: ReturnType<typeof run>, ...commands: AgreementCommand[]) => continueWith(agreementDecider, events, ...commands);
const v2 = [declaration(), declaration(METRO, 'Patch within 30 days')];
const concluded = run(openAgreement(), proposeTerms(ACME, 0), signOff(ACME, 1), signOff(METRO, 1));
const amending = after(concluded, proposeTerms(METRO, 1, v2));

describe('Agreement: amendment', () => {
  it('proposing on a concluded agreement starts an amendment; the concluded version stays in force', () => {
    given(concluded)
      .when(proposeTerms(METRO, 1, v2))
      .thenMatches(([event]) => expect(event).toMatchObject({ type: 'AgreementTermsProposed', data: { version: 2, baseVersion: 1 } }));
    expect(fold(agreementDecider, amending)).toMatchObject({ status: 'AMENDING', current: { version: 2 }, concluded: { version: 1 } });
  });

  it('concludes the amendment when every party signs it', () =>
    given(after(amending, signOff(ACME, 2, v2)))
      .when(signOff(METRO, 2, v2))
      .thenMatches((events) => {
        expect(events[1]).toMatchObject({ type: 'AgreementConcluded', data: { version: 2, digest: termsDigest(v2), previousConcludedVersion: 1 } });
      }));

  it('refuses signing the concluded version again', () => given(concluded).when(signOff(ACME, 1)).thenThrows('AGREEMENT.INVALID_STATUS'));
});

describe('Agreement: WithdrawFromAgreement', () => {
  const three = run(openAgreement({ parties: [METRO, HARBOR] }), proposeTerms(ACME, 0), signOff(ACME, 1));

  it('lets a party leave a negotiation, voiding sign-offs', () => {
    given(three)
      .when(withdraw(HARBOR))
      .then([
        { type: 'AgreementPartyWithdrew', data: { agreementId: 'agr-1', withdrawnBy: HARBOR, reason: 'No longer involved', remainingParties: [ACME, METRO] } },
      ]);
    const state = fold(agreementDecider, after(three, withdraw(HARBOR)));
    expect(state).toMatchObject({ status: 'NEGOTIATING', parties: [ACME, METRO], withdrawnParties: [HARBOR], signOffs: [] });
  });

  it('closes the agreement as WITHDRAWN when fewer than two parties remain', () =>
    given(run(openAgreement()))
      .when(withdraw(METRO))
      .then([
        { type: 'AgreementPartyWithdrew', data: { agreementId: 'agr-1', withdrawnBy: METRO, reason: 'No longer involved', remainingParties: [ACME] } },
        { type: 'AgreementWithdrawn', data: { agreementId: 'agr-1', remainingParties: [ACME] } },
      ]));

  it('ends an amendment instead while AMENDING, restoring the concluded version', () => {
    given(amending)
      .when(withdraw(ACME))
      .then([
        {
          type: 'AgreementAmendmentWithdrawn',
          data: { agreementId: 'agr-1', withdrawnBy: ACME, reason: 'No longer involved', abandonedVersion: 2, restoredVersion: 1 },
        },
      ]);
    const restored = after(amending, withdraw(ACME));
    expect(fold(agreementDecider, restored)).toMatchObject({ status: 'CONCLUDED', current: { version: 1 }, latestVersion: 2, parties: [ACME, METRO] });
    given(restored)
      .when(proposeTerms(METRO, 1, v2))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ version: 3, baseVersion: 1 }));
    given(restored).when(proposeTerms(METRO, 2, v2)).thenThrows('AGREEMENT.VERSION_SUPERSEDED', { currentVersion: 1 });
  });

  it('refuses leaving terms in force', () => given(concluded).when(withdraw(METRO)).thenThrows('AGREEMENT.INVALID_STATUS'));
  it('refuses non-parties and parties that already left', () => {
    given(three).when(withdraw(ROGUE)).thenThrows('AGREEMENT.NOT_PARTY');
    given(run(openAgreement({ parties: [METRO, HARBOR] }), withdraw(HARBOR))).when(withdraw(HARBOR)).thenThrows('AGREEMENT.NOT_PARTY');
  });
  it('needs a reason', () => given(three).when(withdraw(METRO, '')).thenThrows('AGREEMENT.INVALID', { field: 'reason' }));
});

describe('Agreement: termination', () => {
  const proposed = after(concluded, proposeTermination(METRO));
  const signedByMetro = after(proposed, signTermination(METRO));

  it('is proposed by a party of a concluded agreement', () =>
    given(concluded)
      .when(proposeTermination(METRO))
      .then([{ type: 'AgreementTerminationProposed', data: { agreementId: 'agr-1', proposedBy: METRO, reason: 'Service discontinued', concludedVersion: 1 } }]));
  it('is signed by each party', () =>
    given(proposed).when(signTermination(METRO)).then([{ type: 'AgreementTerminationSigned', data: { agreementId: 'agr-1', signedBy: METRO } }]));
  it('terminates with the last signature', () => {
    given(signedByMetro)
      .when(signTermination(ACME))
      .then([
        { type: 'AgreementTerminationSigned', data: { agreementId: 'agr-1', signedBy: ACME } },
        { type: 'AgreementTerminated', data: { agreementId: 'agr-1', reason: 'Service discontinued', concludedVersion: 1, signatories: [ACME, METRO] } },
      ]);
  });
  it('decides nothing on a repeated signature', () => given(signedByMetro).when(signTermination(METRO)).then([]));
  it('can be rejected by a party', () =>
    given(proposed)
      .when(rejectTermination(ACME))
      .then([{ type: 'AgreementTerminationRejected', data: { agreementId: 'agr-1', rejectedBy: ACME, reason: 'Still in service' } }]));
  it('refuses a termination of terms never concluded', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0))).when(proposeTermination(ACME)).thenThrows('AGREEMENT.INVALID_STATUS'));
  it('refuses a second pending proposal', () => given(proposed).when(proposeTermination(ACME)).thenThrows('AGREEMENT.TERMINATION_PENDING'));
  it('needs a reason', () => given(concluded).when(proposeTermination(ACME, ' ')).thenThrows('AGREEMENT.INVALID'));
  it('refuses signing or rejecting with no proposal', () => {
    given(concluded).when(signTermination(ACME)).thenThrows('AGREEMENT.NO_TERMINATION_PROPOSED');
    given(concluded).when(rejectTermination(ACME)).thenThrows('AGREEMENT.NO_TERMINATION_PROPOSED');
  });
  it('refuses non-parties', () => given(proposed).when(signTermination(ROGUE)).thenThrows('AGREEMENT.NOT_PARTY'));
  it('leaves a terminated agreement closed', () => {
    const terminated = after(signedByMetro, signTermination(ACME));
    expect(fold(agreementDecider, terminated)).toMatchObject({ status: 'TERMINATED' });
    given(terminated).when(proposeTerms(ACME, 1)).thenThrows('AGREEMENT.INVALID_STATUS');
    given(terminated).when(proposeTermination(ACME)).thenThrows('AGREEMENT.INVALID_STATUS');
    given(terminated).when(markForReview(HIGH)).thenThrows('AGREEMENT.INVALID_STATUS');
  });
});

describe('Agreement: MarkForReview', () => {
  it('marks a concluded agreement for review with the old and new category', () =>
    given(concluded)
      .when(markForReview(HIGH))
      .then([
        {
          type: 'AgreementMarkedForReview',
          data: { agreementId: 'agr-1', assessmentId: 'asm-1', assessmentRevision: 2, previousCategory: LOW, newCategory: HIGH, requirements: defaultRequirements(HIGH) },
        },
      ]));

  it('leaves review when new terms are proposed, checked against the new category', () => {
    const reviewed = after(concluded, markForReview(MID));
    expect(fold(agreementDecider, reviewed)).toMatchObject({
      status: 'REVIEW_REQUIRED',
      category: MID,
      concluded: { version: 1, category: LOW },
      review: { previousCategory: LOW, newCategory: MID },
    });
    given(reviewed)
      .when(proposeTerms(ACME, 1))
      .thenMatches(([event]) =>
        expect(event.data).toMatchObject({ version: 2, category: MID, policyCheck: { satisfied: false, missing: ['DURING_OPERATION'] } }),
      );
    const next = after(reviewed, proposeTerms(ACME, 1));
    expect(fold(agreementDecider, next)).toMatchObject({ status: 'AMENDING', review: null });
  });

  it('returns a never-concluded agreement to NEGOTIATING after new terms', () => {
    const reviewed = run(openAgreement(), proposeTerms(ACME, 0), markForReview(MID), proposeTerms(METRO, 1));
    expect(fold(agreementDecider, reviewed)).toMatchObject({ status: 'NEGOTIATING', category: MID });
  });

  it('decides nothing when the category is already the one under review', () =>
    given(run(openAgreement(), markForReview(MID))).when(markForReview(MID)).then([]));
  it('is issued by the saga identity only', () => given(concluded).when(markForReview(HIGH, ACME)).thenThrows('AGREEMENT.FORBIDDEN'));
  it('refuses another assessment', () =>
    given(concluded)
      .when({ ...markForReview(HIGH), data: { ...markForReview(HIGH).data, assessmentId: 'asm-9' } })
      .thenThrows('AGREEMENT.ASSESSMENT_MISMATCH'));
  it('refuses a withdrawn agreement', () => given(run(openAgreement(), withdraw(METRO))).when(markForReview(HIGH)).thenThrows('AGREEMENT.INVALID_STATUS'));
  it('refuses an unknown agreement', () => given([]).when(markForReview(HIGH)).thenThrows('AGREEMENT.NOT_FOUND'));
  it('refuses malformed requirements', () =>
    given(concluded)
      .when({ ...markForReview(HIGH), data: { ...markForReview(HIGH).data, requirements: {} as never } })
      .thenThrows('AGREEMENT.INVALID'));
});

describe('Agreement: actors', () => {
  it('refuses an auditor of a party organization', () =>
    given(concluded).when({ ...proposeTermination(ACME), metadata: by(ACME, undefined, ['auditor']) }).thenThrows('AGREEMENT.NOT_PARTY'));
  it('names the certifier in a four-party history', () => {
    const events = run(openAgreement({ parties: [METRO, HARBOR, TRUST] }));
    expect(fold(agreementDecider, events)).toMatchObject({ parties: [ACME, METRO, HARBOR, TRUST] });
  });
});
