import { resolve } from 'node:path';
import { z } from 'zod';
// The config module alone: the package's index also loads the embedded OpenID provider, which the
// projector and the other CLIs never use.
import { identityConfigFromEnv, type IdentityConfig } from '@app/identity/identity.config.js';

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user:password@localhost:5432/iot_ssf');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  KURRENTDB_URL: z.string().optional(),
  KEYCLOAK_URL: z.url().optional(),
  KEYCLOAK_REALM: z.string().min(1).default('iot-ssf'),
  PROJECTIONS_IN_PROCESS: z.enum(['true', 'false']).default('true'),
  PROJECTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
  PROJECTION_GATHER_MS: z.coerce.number().int().min(0).max(1_000).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Validated configuration; built once at start so a bad setting stops the process with a clear message. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  publicUrl: string;
  dataDir: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  /** Keycloak (KEYCLOAK_URL) or the embedded provider; see libs/identity. */
  identity: IdentityConfig;
  logLevel: string;
  /** Run projections and sagas inside the API process (off when `npm run projector` runs them). */
  projectionsInProcess: boolean;
  /** Events read from the log per projection batch. */
  projectionBatchSize: number;
  /** Under steady appends, the pause from one projection batch's start to the next (see ProjectionRunnerOptions.gatherMs). */
  projectionGatherMs: number;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  if (env.KURRENTDB_URL) {
    throw new ConfigurationError(['KURRENTDB_URL: the KurrentDB event store adapter is not available in this version; unset it to use PostgreSQL or the embedded store']);
  }
  const dataDir = resolve(env.DATA_DIR);
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE } : { kind: 'pglite', dataDir },
    identity: identityConfigFromEnv({ ...environment, DATA_DIR: dataDir }),
    logLevel: env.LOG_LEVEL,
    projectionsInProcess: env.PROJECTIONS_IN_PROCESS === 'true',
    projectionBatchSize: env.PROJECTION_BATCH_SIZE,
    projectionGatherMs: env.PROJECTION_GATHER_MS,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
