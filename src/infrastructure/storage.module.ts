import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import {
  EVENT_STORE,
  migrate,
  PgliteDatabase,
  PostgresDatabase,
  PostgresEventStore,
  type SqlDatabase,
} from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export const SQL_DATABASE = Symbol('SQL_DATABASE');
export const MIGRATIONS_DIR = join(process.cwd(), 'migrations');

/** Opens the configured database, brings its schema up to date, and closes it on shutdown. */
export async function openDatabase(config: AppConfig): Promise<SqlDatabase> {
  const database =
    config.database.kind === 'postgres'
      ? new PostgresDatabase({ connectionString: config.database.url, maxConnections: config.database.poolSize })
      : await PgliteDatabase.open(config.database.dataDir);
  try {
    await migrate(database, { migrationsDir: MIGRATIONS_DIR, log: (message) => new Logger('Migrations').log(message) });
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

@Module({})
export class StorageModule {
  static forRoot(): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: SQL_DATABASE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openDatabase(config) },
        { provide: EVENT_STORE, inject: [SQL_DATABASE], useFactory: (database: SqlDatabase) => new PostgresEventStore(database) },
        DatabaseCloser,
      ],
      exports: [SQL_DATABASE, EVENT_STORE],
    };
  }
}
