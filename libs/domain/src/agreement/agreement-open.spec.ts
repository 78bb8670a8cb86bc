import { describe, expect, it } from '@jest/globals';
import { defaultRequirements } from '../policy-profile/default-policy-profile.js';
import { spec } from '../shared/decider-specification.js';
import { openAgreement } from '../testing/agreement.fixtures.js';
import { ACME, AUDIT, HARBOR, HIGH, history, METRO, TRUST } from '../testing/fixtures.js';
import { agreementDecider } from './agreement.decider.js';

const given = spec(agreementDecider).given;

describe('Agreement: OpenAgreement', () => {
  it('records parties, role snapshot, category and the policy profile version', () =>
    given([])
      .when(openAgreement({ parties: [METRO, HARBOR, TRUST], category: HIGH }))
      .then([
        {
          type: 'AgreementOpened',
          data: {
            agreementId: 'agr-1',
            assessmentId: 'asm-1',
            useCaseId: 'uc-1',
            assessmentRevision: 1,
            category: HIGH,
            parties: [ACME, METRO, HARBOR, TRUST],
            partyRoles: { [ACME]: ['MANUFACTURER'], [METRO]: ['OPERATOR'], [HARBOR]: ['INSURER'], [TRUST]: ['CERTIFIER'] },
            policyProfile: { id: 'default', version: 1 },
            requirements: defaultRequirements(HIGH),
            openedBy: ACME,
          },
        },
      ]));

  it('refuses auditors', () => given([]).when(openAgreement({ opener: AUDIT })).thenThrows('AGREEMENT.FORBIDDEN'));
  it('refuses an existing id', () =>
    given(history(agreementDecider, openAgreement())).when(openAgreement()).thenThrows('AGREEMENT.ALREADY_OPENED'));
  it('refuses an assessment that is not agreed', () => {
    const command = openAgreement();
    command.data.assessment = { ...command.data.assessment, status: 'OPEN' };
    given([]).when(command).thenThrows('AGREEMENT.ASSESSMENT_NOT_AGREED');
    command.data.assessment = { ...command.data.assessment, status: 'AGREED', category: null };
    given([]).when(command).thenThrows('AGREEMENT.ASSESSMENT_NOT_AGREED');
  });
  it('needs two parties', () => given([]).when(openAgreement({ parties: [ACME] })).thenThrows('AGREEMENT.INVALID', { field: 'partyIds' }));
  it('needs the stakeholder roles of every party, the opener included', () => {
    const command = openAgreement();
    delete command.data.partyRoles[ACME];
    given([]).when(command).thenThrows('AGREEMENT.INVALID', { field: `partyRoles.${ACME}` });
  });
  it('needs valid requirements', () => {
    const command = openAgreement();
    command.data.policyProfile = { ...command.data.policyProfile, requirements: {} as never };
    given([]).when(command).thenThrows('AGREEMENT.INVALID', { field: 'policyProfile.requirements' });
  });
  it('starts NEGOTIATING with no terms', () => {
    const state = agreementDecider.evolve(agreementDecider.initialState(), history(agreementDecider, openAgreement())[0]);
    expect(state).toMatchObject({ status: 'NEGOTIATING', latestVersion: 0, current: null, concluded: null });
  });
});
