import { describe, expect, it } from '@jest/globals';
import { spec } from '../shared/decider-specification.js';
import { fold } from '../shared/decider.js';
import { normalizeClause } from '../terms/clause.js';
import { policyCheck } from '../terms/policy-check.js';
import { termsDigest } from '../terms/terms-digest.js';
import {
  declaration,
  fullTerms,
  markForReview,
  openAgreement,
  proposeTerms,
  rejectTerms,
  signOff,
  withdraw,
} from '../testing/agreement.fixtures.js';
import { ACME, HARBOR, HIGH, history, LOW, METRO, MID, NOW, ROGUE, TRUST } from '../testing/fixtures.js';
import type { AgreementCommand } from './agreement.commands.js';
import { agreementDecider } from './agreement.decider.js';
import { defaultRequirements } from '../policy-profile/default-policy-profile.js';

const given = spec(agreementDecider).given;
const run = (...commands: AgreementCommand[]) => history(agreementDecider, ...commands);
const opened = run(openAgreement());
const proposed = run(openAgreement(), proposeTerms(ACME, 0));
const four = [METRO, HARBOR, TRUST];
const clauses = [declaration()];
const digest = termsDigest(clauses);

describe('Agreement: ProposeTerms', () => {
  it('proposes version 1 with its digest and policy check', () =>
    given(opened)
      .when(proposeTerms(METRO, 0))
      .then([
        {
          type: 'AgreementTermsProposed',
          data: {
            agreementId: 'agr-1',
            version: 1,
            baseVersion: 0,
            proposedBy: METRO,
            clauses: clauses.map(normalizeClause),
            digest,
            category: LOW,
            policyCheck: policyCheck(clauses.map(normalizeClause), defaultRequirements(LOW), NOW),
          },
        },
      ]));

  it('records a failing check without refusing the proposal (the sign-off is refused)', () =>
    given(run(openAgreement({ parties: four, category: HIGH })))
      .when(proposeTerms(ACME, 0, fullTerms().slice(0, 2)))
      .thenMatches(([event]) =>
        expect(event.data).toMatchObject({ policyCheck: { satisfied: false, missing: ['OPERATOR_COMPETENCE', 'SOCIAL_SUPPORT'] } }),
      ));

  it('counter-proposes version 2 on version 1', () =>
    given(proposed)
      .when(proposeTerms(METRO, 1, [declaration(METRO)]))
      .thenMatches(([event]) => expect(event.data).toMatchObject({ version: 2, baseVersion: 1, proposedBy: METRO })));

  it('refuses a proposal built on a superseded version', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), proposeTerms(METRO, 1)))
      .when(proposeTerms(ACME, 1))
      .thenThrows('AGREEMENT.VERSION_SUPERSEDED', { currentVersion: 2 }));

  it('refuses a first proposal that claims a base', () =>
    given(opened).when(proposeTerms(ACME, 1)).thenThrows('AGREEMENT.VERSION_SUPERSEDED', { currentVersion: 0 }));

  it('refuses invalid clauses naming index and field', () =>
    given(opened)
      .when(proposeTerms(ACME, 0, [declaration(), declaration(ROGUE, 'Other')]))
      .thenThrows('AGREEMENT.INVALID_CLAUSE', { clauseIndex: 1, field: 'responsiblePartyId' }));

  it('enforces segregation of duties with the role snapshot', () =>
    given(run(openAgreement({ parties: four, category: HIGH })))
      .when(proposeTerms(ACME, 0, [{ ...fullTerms()[0], confirmation: { method: 'THIRD_PARTY_CERTIFICATION', confirmingPartyId: METRO } }]))
      .thenThrows('AGREEMENT.INVALID_CLAUSE', { clauseIndex: 0, field: 'confirmation.confirmingPartyId' }));

  it('refuses non-parties', () => given(opened).when(proposeTerms(ROGUE, 0)).thenThrows('AGREEMENT.NOT_PARTY'));
  it('refuses an unknown agreement', () => given([]).when(proposeTerms(ACME, 0)).thenThrows('AGREEMENT.NOT_FOUND'));
  it('refuses a withdrawn agreement', () =>
    given(run(openAgreement(), withdraw(METRO))).when(proposeTerms(ACME, 0)).thenThrows('AGREEMENT.INVALID_STATUS'));
});

describe('Agreement: RejectTerms', () => {
  it('records the rejection with its reason', () =>
    given(proposed)
      .when(rejectTerms(METRO, 1))
      .then([{ type: 'AgreementTermsRejected', data: { agreementId: 'agr-1', version: 1, rejectedBy: METRO, reason: 'Too vague' } }]));
  it('refuses a superseded version', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), proposeTerms(METRO, 1)))
      .when(rejectTerms(METRO, 1))
      .thenThrows('AGREEMENT.VERSION_SUPERSEDED', { currentVersion: 2 }));
  it('refuses a party that already signed the version', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), signOff(METRO, 1))).when(rejectTerms(METRO, 1)).thenThrows('AGREEMENT.ALREADY_SIGNED'));
  it('needs a reason', () => given(proposed).when(rejectTerms(METRO, 1, ' ')).thenThrows('AGREEMENT.INVALID', { field: 'reason' }));
  it('refuses non-parties', () => given(proposed).when(rejectTerms(ROGUE, 1)).thenThrows('AGREEMENT.NOT_PARTY'));
  it('refuses once concluded', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), signOff(ACME, 1), signOff(METRO, 1)))
      .when(rejectTerms(METRO, 1))
      .thenThrows('AGREEMENT.INVALID_STATUS'));
  it('is cleared by a later sign-off of the same party', () => {
    const state = fold(agreementDecider, run(openAgreement(), proposeTerms(ACME, 0), rejectTerms(METRO, 1), signOff(METRO, 1)));
    expect(state).toMatchObject({ rejections: [], signOffs: [{ organizationId: METRO, version: 1 }] });
  });
});

describe('Agreement: SignOff', () => {
  it('records a sign-off of version and digest', () =>
    given(proposed)
      .when(signOff(METRO, 1))
      .then([{ type: 'AgreementSignedOff', data: { agreementId: 'agr-1', version: 1, digest, signedBy: METRO } }]));

  it('concludes with the last sign-off, in the same decision', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), signOff(ACME, 1)))
      .when(signOff(METRO, 1))
      .then([
        { type: 'AgreementSignedOff', data: { agreementId: 'agr-1', version: 1, digest, signedBy: METRO } },
        {
          type: 'AgreementConcluded',
          data: {
            agreementId: 'agr-1',
            version: 1,
            digest,
            category: LOW,
            policyProfile: { id: 'default', version: 1 },
            policyCheck: policyCheck(clauses.map(normalizeClause), defaultRequirements(LOW), NOW),
            signatories: [ACME, METRO],
            previousConcludedVersion: null,
          },
        },
      ]));

  it('concludes four-party terms covering every perspective of a severe, catastrophic use case', () => {
    const terms = fullTerms();
    const events = run(
      openAgreement({ parties: four, category: HIGH }),
      proposeTerms(ACME, 0, terms),
      ...[ACME, METRO, HARBOR, TRUST].map((p) => signOff(p, 1, terms)),
    );
    expect(events.at(-1)?.type).toBe('AgreementConcluded');
    expect(fold(agreementDecider, events)).toMatchObject({ status: 'CONCLUDED', concluded: { version: 1, digest: termsDigest(terms) } });
  });

  it('refuses a wrong digest', () =>
    given(proposed)
      .when({ ...signOff(METRO, 1), data: { agreementId: 'agr-1', version: 1, digest: 'f'.repeat(64) } })
      .thenThrows('AGREEMENT.DIGEST_MISMATCH', { version: 1 }));

  it('refuses a superseded version', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), proposeTerms(METRO, 1)))
      .when(signOff(ACME, 1))
      .thenThrows('AGREEMENT.VERSION_SUPERSEDED', { currentVersion: 2 }));

  it('refuses before any terms', () => given(opened).when(signOff(ACME, 1)).thenThrows('AGREEMENT.VERSION_SUPERSEDED', { currentVersion: 0 }));

  it('refuses terms failing the policy check, naming the missing perspectives', () => {
    const partial = fullTerms().slice(0, 2);
    given(run(openAgreement({ parties: four, category: HIGH }), proposeTerms(ACME, 0, partial)))
      .when(signOff(METRO, 1, partial))
      .thenThrows('AGREEMENT.POLICY_CHECK_FAILED', { version: 1, missing: ['OPERATOR_COMPETENCE', 'SOCIAL_SUPPORT'] });
  });

  it('re-checks at its own time: a substitution that expired since the proposal fails', () => {
    const terms = [
      ...fullTerms().filter((c) => c.perspective !== 'OPERATOR_COMPETENCE'),
      { ...declaration(ACME, 'Operator manual'), confirmation: { method: 'INFORMATION_PROVISION' as const }, substitutesFor: { perspective: 'OPERATOR_COMPETENCE' as const, until: '2026-03-31' } },
    ];
    const history1 = run(openAgreement({ parties: four, category: HIGH }), proposeTerms(ACME, 0, terms));
    expect(history1[1].data).toMatchObject({ policyCheck: { satisfied: true } });
    given(history1).when(signOff(METRO, 1, terms, '2026-03-31T23:00:00Z')).thenMatches((events) => expect(events).toHaveLength(1));
    given(history1)
      .when(signOff(METRO, 1, terms, '2026-04-01T00:00:00Z'))
      .thenThrows('AGREEMENT.POLICY_CHECK_FAILED', { missing: ['OPERATOR_COMPETENCE'] });
  });

  it('concludes on a waiver that every party signs', () => {
    const terms = [...fullTerms().slice(0, 3), { ...declaration(METRO, 'No insurance'), perspective: 'SOCIAL_SUPPORT' as const, text: 'Covered by the public operator fund.', confirmation: { method: 'WAIVER' as const } }];
    const events = run(openAgreement({ parties: four, category: HIGH }), proposeTerms(ACME, 0, terms), ...[ACME, METRO, HARBOR, TRUST].map((p) => signOff(p, 1, terms)));
    expect(events.at(-1)).toMatchObject({ type: 'AgreementConcluded', data: { policyCheck: { satisfied: true } } });
  });

  it('decides nothing when repeated', () => given(run(openAgreement(), proposeTerms(ACME, 0), signOff(ACME, 1))).when(signOff(ACME, 1)).then([]));

  it('never carries a sign-off over to another version', () => {
    const events = run(openAgreement(), proposeTerms(ACME, 0), signOff(ACME, 1), proposeTerms(METRO, 1));
    given(events)
      .when(signOff(METRO, 2))
      .thenMatches((decided) => expect(decided.map((e) => e.type)).toEqual(['AgreementSignedOff']));
    expect(fold(agreementDecider, events)).toMatchObject({ signOffs: [] });
  });

  it('refuses non-parties', () => given(proposed).when(signOff(ROGUE, 1)).thenThrows('AGREEMENT.NOT_PARTY'));
  it('refuses while review is required', () =>
    given(run(openAgreement(), proposeTerms(ACME, 0), markForReview(MID))).when(signOff(ACME, 1)).thenThrows('AGREEMENT.INVALID_STATUS'));
  it('refuses terms naming a party that withdrew', () =>
    given(run(openAgreement({ parties: [METRO, TRUST] }), proposeTerms(ACME, 0, [declaration(TRUST)]), withdraw(TRUST)))
      .when(signOff(ACME, 1, [declaration(TRUST)]))
      .thenThrows('AGREEMENT.TERMS_NAME_NON_PARTY', { organizations: [TRUST] }));
});
