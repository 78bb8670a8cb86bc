import { Controller, Get, HttpStatus, Inject, Logger, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EVENT_STORE, type EventStore } from '@app/event-store';

const STORE_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * `/health` is readiness: 200 only when the store answers, so a load balancer stops sending
 * commands while the database is away. `/health/live` is liveness: the process runs.
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async readiness(@Res() response: Response): Promise<void> {
    try {
      await withTimeout(this.store.ping(), STORE_CHECK_TIMEOUT_MS);
      response.status(HttpStatus.OK).json({ status: 'ok', checks: { eventStore: 'up' } });
    } catch (error) {
      // The cause goes to the log only: it can name hosts and users.
      this.logger.warn({ err: error }, 'event store is not ready');
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ status: 'unavailable', checks: { eventStore: 'down' } });
    }
  }

  @Get('live')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
