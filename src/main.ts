import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { mountIdentityProvider } from '@app/identity';
import { AppModule } from './app.module.js';
import { InputValidationPipe } from './graphql/input-validation.pipe.js';
import { GRAPHQL_LIMITS } from './graphql/graphql-limits.js';
import { ConfigurationError, loadConfig, type AppConfig } from './config/app-config.js';

/** Builds the application without listening, so tests start exactly what production starts. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useBodyParser('json', { limit: GRAPHQL_LIMITS.bodyLimit });
  app.useGlobalPipes(new InputValidationPipe());
  // The embedded OpenID provider must be mounted before Nest adds its own routes and parsers.
  mountIdentityProvider(app);
  return app;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port);
  app.get(Logger).log(`IoT-SSF demarcation service on ${config.publicUrl}/graphql (store: ${config.database.kind})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
