import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SQL_DATABASE } from '../infrastructure/storage.module.js';
import { allProjections } from '../read-models/projections.js';
import { reviewRequiredProjection } from '../sagas/review-required.projection.js';
import { ReviewRequiredProcessor } from '../sagas/review-required.processor.js';
import { ProjectionRunner } from './projection-runner.js';

const SAGA_POLL_MS = 200;
const CONSISTENCY_WAIT_MS = 10_000;

/** Every consumer of the log that the runner drives: read models, then the saga's projection. */
export function runnerProjections() {
  return [...allProjections(), reviewRequiredProjection];
}

/** Read-your-writes: a query given a mutation's consistency token waits until read models include it. */
@Injectable()
export class ReadYourWrites {
  constructor(private readonly runner: ProjectionRunner) {}

  async waitFor(consistencyToken: string | null | undefined): Promise<void> {
    if (consistencyToken) await this.runner.waitFor(consistencyToken, CONSISTENCY_WAIT_MS);
  }
}

/** Starts the projections and the saga processor in this process, unless a projector process runs them. */
@Injectable()
class BackgroundWork implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private stopping = false;
  private sagaLoop: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProjectionRunner,
    private readonly saga: ReviewRequiredProcessor,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.projectionsInProcess) return;
    this.runner.start();
    this.sagaLoop = this.runSaga();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.runner.stop();
    await this.sagaLoop;
  }

  private async runSaga(): Promise<void> {
    while (!this.stopping) {
      try {
        if ((await this.saga.processPending()) > 0) continue;
      } catch (error) {
        this.logger.error({ err: error }, 'saga processing failed');
      }
      await new Promise((resolve) => setTimeout(resolve, SAGA_POLL_MS));
    }
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, SQL_DATABASE, APP_CONFIG],
      useFactory: (store: EventStore, database: SqlDatabase, config: AppConfig) => {
        const logger = new Logger('Projector');
        return new ProjectionRunner(store, database, runnerProjections(), {
          batchSize: config.projectionBatchSize,
          gatherMs: config.projectionGatherMs,
          onError: (projection, error) => logger.error({ err: error, projection }, 'projection batch failed; retrying'),
        });
      },
    },
    ReadYourWrites,
    ReviewRequiredProcessor,
    BackgroundWork,
  ],
  exports: [ProjectionRunner, ReadYourWrites, ReviewRequiredProcessor],
})
export class ProjectionsModule {}
