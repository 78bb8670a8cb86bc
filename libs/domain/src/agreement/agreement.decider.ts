import { assertNever } from '../shared/assert-never.js';
import type { Decider } from '../shared/decider.js';
import type { AgreementCommand } from './agreement.commands.js';
import type { AgreementEvent } from './agreement.events.js';
import { evolveAgreement } from './agreement.evolve.js';
import type { AgreementState } from './agreement.state.js';
import { decideMarkForReview, decideWithdraw } from './lifecycle.decide.js';
import { decideProposeTerms, decideRejectTerms, decideSignOff } from './negotiation.decide.js';
import { decideOpenAgreement } from './open-agreement.decide.js';
import { decideProposeTermination, decideRejectTermination, decideSignTermination } from './termination.decide.js';

function decide(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'OpenAgreement':
      return decideOpenAgreement(command, state);
    case 'ProposeTerms':
      return decideProposeTerms(command, state);
    case 'RejectTerms':
      return decideRejectTerms(command, state);
    case 'SignOff':
      return decideSignOff(command, state);
    case 'WithdrawFromAgreement':
      return decideWithdraw(command, state);
    case 'ProposeTermination':
      return decideProposeTermination(command, state);
    case 'SignTermination':
      return decideSignTermination(command, state);
    case 'RejectTermination':
      return decideRejectTermination(command, state);
    case 'MarkForReview':
      return decideMarkForReview(command, state);
    default:
      return assertNever(command);
  }
}

/**
 * Agreement aggregate (stream `agreement-<id>`): the responsibility demarcation
 * among parties for a use case whose assessment is agreed.
 *
 * Lifecycle: NEGOTIATING -(every party signs the current version, policy check
 * passes)-> CONCLUDED -(new terms)-> AMENDING -(signed)-> CONCLUDED; a party may
 * withdraw while NEGOTIATING (WITHDRAWN below two parties) or end an amendment;
 * a termination proposed and signed by every party -> TERMINATED; a changed
 * assessment category -> REVIEW_REQUIRED until new terms are proposed.
 */
export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState> = {
  decide,
  evolve: evolveAgreement,
  initialState: () => ({ status: 'NONE' }),
};
