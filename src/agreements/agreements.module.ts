import { Module } from '@nestjs/common';
import { OpenAgreementHandler } from './open-agreement/open-agreement.command.js';
import { OpenAgreementResolver } from './open-agreement/open-agreement.resolver.js';
import { ProposeTermsHandler } from './propose-terms/propose-terms.command.js';
import { ProposeTermsResolver } from './propose-terms/propose-terms.resolver.js';
import { ProposeTerminationHandler } from './propose-termination/propose-termination.command.js';
import { ProposeTerminationResolver } from './propose-termination/propose-termination.resolver.js';
import { RejectTermsHandler } from './reject-terms/reject-terms.command.js';
import { RejectTermsResolver } from './reject-terms/reject-terms.resolver.js';
import { RejectTerminationHandler } from './reject-termination/reject-termination.command.js';
import { RejectTerminationResolver } from './reject-termination/reject-termination.resolver.js';
import { SignOffHandler } from './sign-off/sign-off.command.js';
import { SignOffResolver } from './sign-off/sign-off.resolver.js';
import { SignTerminationHandler } from './sign-termination/sign-termination.command.js';
import { SignTerminationResolver } from './sign-termination/sign-termination.resolver.js';
import { WithdrawFromAgreementHandler } from './withdraw-from-agreement/withdraw-from-agreement.command.js';
import { WithdrawFromAgreementResolver } from './withdraw-from-agreement/withdraw-from-agreement.resolver.js';
import { AgreementChangedResolver } from './agreement-changed/agreement-changed.resolver.js';
import { AgreementQueryResolver } from './agreement-query/agreement-query.resolver.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AuditModule],
  providers: [
    AgreementQueryResolver,
    OpenAgreementHandler,
    OpenAgreementResolver,
    ProposeTermsHandler,
    ProposeTermsResolver,
    SignOffHandler,
    SignOffResolver,
    RejectTermsHandler,
    RejectTermsResolver,
    WithdrawFromAgreementHandler,
    WithdrawFromAgreementResolver,
    ProposeTerminationHandler,
    ProposeTerminationResolver,
    SignTerminationHandler,
    SignTerminationResolver,
    RejectTerminationHandler,
    RejectTerminationResolver,
    AgreementChangedResolver,
  ],
})
export class AgreementsModule {}
