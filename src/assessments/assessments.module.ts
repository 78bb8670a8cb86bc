import { Module } from '@nestjs/common';
import { ChallengeAssessmentHandler } from './challenge-assessment/challenge-assessment.command.js';
import { ChallengeAssessmentResolver } from './challenge-assessment/challenge-assessment.resolver.js';
import { EndorseAssessmentHandler } from './endorse-assessment/endorse-assessment.command.js';
import { EndorseAssessmentResolver } from './endorse-assessment/endorse-assessment.resolver.js';
import { OpenAssessmentHandler } from './open-assessment/open-assessment.command.js';
import { OpenAssessmentResolver } from './open-assessment/open-assessment.resolver.js';
import { ProposeAssessmentHandler } from './propose-assessment/propose-assessment.command.js';
import { ProposeAssessmentResolver } from './propose-assessment/propose-assessment.resolver.js';
import { ReopenAssessmentHandler } from './reopen-assessment/reopen-assessment.command.js';
import { ReopenAssessmentResolver } from './reopen-assessment/reopen-assessment.resolver.js';
import { AssessmentQueryResolver } from './assessment-query/assessment-query.resolver.js';
import { AuditModule } from '../audit/audit.module.js';

@Module({
  imports: [AuditModule],
  providers: [
    AssessmentQueryResolver,
    OpenAssessmentHandler,
    OpenAssessmentResolver,
    ProposeAssessmentHandler,
    ProposeAssessmentResolver,
    ChallengeAssessmentHandler,
    ChallengeAssessmentResolver,
    EndorseAssessmentHandler,
    EndorseAssessmentResolver,
    ReopenAssessmentHandler,
    ReopenAssessmentResolver,
  ],
})
export class AssessmentsModule {}
