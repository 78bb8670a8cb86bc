import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { IdentityModule } from '@app/identity';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { HealthController } from './health/health.controller.js';
import { StorageModule } from './infrastructure/storage.module.js';
import { ApplicationModule } from './application/application.module.js';
import { GraphqlApiModule } from './graphql/graphql-api.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AgreementsModule } from './agreements/agreements.module.js';
import { ProjectionsModule } from './projections/projections.module.js';
import { ReadModelsApiModule } from './read-models-api/read-models-api.module.js';
import { AuditModule } from './audit/audit.module.js';
import { InsightsModule } from './insights/insights.module.js';
import { UseCasesModule } from './use-cases/use-cases.module.js';
import { PolicyProfilesModule } from './policy-profiles/policy-profiles.module.js';
import { GraphiqlModule } from './graphiql/graphiql.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: ConfigHolderModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Correlates a request's log lines; a caller's X-Request-Id is kept when present.
            genReqId: (request) => {
              const header = request.headers['x-request-id'];
              return typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
          },
        }),
        StorageModule.forRoot(),
        IdentityModule.forRoot(config.identity),
        ApplicationModule,
        ProjectionsModule,
        ReadModelsApiModule,
        AuditModule,
        InsightsModule,
        UseCasesModule,
        PolicyProfilesModule,
        GraphqlApiModule,
        OrganizationsModule,
        AssessmentsModule,
        AgreementsModule,
        GraphiqlModule.forRoot(config),
      ],
      controllers: [HealthController],
    };
  }
}

@Module({})
class ConfigHolderModule {}
