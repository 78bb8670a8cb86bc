import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { ApplicationModule } from '../application/application.module.js';
import { APP_CONFIG, loadConfig, type AppConfig } from '../config/app-config.js';
import { StorageModule } from '../infrastructure/storage.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';

/**
 * `npm run projector`: keeps every read model and the review-required saga up to date in a
 * process of its own, until SIGTERM or SIGINT. It starts exactly the background work the API
 * starts with `PROJECTIONS_IN_PROCESS=true` (the same module), without the HTTP side. Any number
 * may run beside the API and each other (one batch per projection at a time, by advisory lock and
 * checkpoint compare-and-set). On the embedded store the data directory is locked by the API, so
 * this is for PostgreSQL deployments.
 */
@Module({})
class ProjectorConfigModule {}

@Module({})
class ProjectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        { module: ProjectorConfigModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        StorageModule.forRoot(),
        ApplicationModule,
        ProjectionsModule,
      ],
    };
  }
}

const config: AppConfig = { ...loadConfig(), projectionsInProcess: true };
const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config), { bufferLogs: true });
app.useLogger(app.get(Logger));
app.enableShutdownHooks();
await app.init();
app.get(Logger).log('projector running');
