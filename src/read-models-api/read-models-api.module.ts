import { Global, Module } from '@nestjs/common';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '../infrastructure/storage.module.js';
import {
  AgreementQueries,
  AssessmentQueries,
  AuditLogQuery,
  CategoryMatrixQuery,
  ComparisonQuery,
  InboxQuery,
  ObligationsQuery,
  OrganizationQueries,
  PolicyProfileQueries,
  SocialSupportCoverageQuery,
  UseCaseQueries,
} from '../read-models/index.js';

const QUERY_CLASSES = [
  AgreementQueries,
  AssessmentQueries,
  AuditLogQuery,
  CategoryMatrixQuery,
  ComparisonQuery,
  InboxQuery,
  ObligationsQuery,
  OrganizationQueries,
  PolicyProfileQueries,
  SocialSupportCoverageQuery,
  UseCaseQueries,
] as const;

/** The read-model query classes, each over the configured database; they read read-model tables only. */
@Global()
@Module({
  providers: QUERY_CLASSES.map((QueryClass) => ({
    provide: QueryClass,
    inject: [SQL_DATABASE],
    useFactory: (database: SqlDatabase) => new QueryClass(database),
  })),
  exports: [...QUERY_CLASSES],
})
export class ReadModelsApiModule {}
