import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type INestApplication,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { createEmbeddedIdentityProvider, type EmbeddedIdentityProvider, type MountTarget } from './embedded-provider.js';
import type { IdentityConfig } from './identity.config.js';
import { IDENTITY_RUNTIME, TOKEN_VERIFIER } from './identity.constants.js';
import { createRemoteTokenVerifier, type TokenVerifier } from './token-verifier.js';

/** What the module built: the verifier, and the embedded provider when there is one. */
export interface IdentityRuntime {
  readonly verifier: TokenVerifier;
  readonly embedded: EmbeddedIdentityProvider | undefined;
}

async function createIdentityRuntime(config: IdentityConfig): Promise<IdentityRuntime> {
  if (config.mode === 'keycloak') {
    return {
      verifier: createRemoteTokenVerifier({
        issuer: config.issuer,
        audience: config.audience,
        jwksUri: config.jwksUri,
      }),
      embedded: undefined,
    };
  }
  const embedded = await createEmbeddedIdentityProvider(config);
  return { verifier: embedded.verifier, embedded };
}

@Injectable()
class IdentityShutdown implements OnApplicationShutdown {
  constructor(@Inject(IDENTITY_RUNTIME) private readonly runtime: IdentityRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.embedded?.close();
  }
}

/**
 * Provides {@link TOKEN_VERIFIER} (and {@link IDENTITY_RUNTIME}) globally. With an embedded config
 * it builds the embedded provider; mount it with {@link mountIdentityProvider}.
 */
@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      providers: [
        { provide: IDENTITY_RUNTIME, useFactory: () => createIdentityRuntime(config) },
        {
          provide: TOKEN_VERIFIER,
          useFactory: (runtime: IdentityRuntime) => runtime.verifier,
          inject: [IDENTITY_RUNTIME],
        },
        IdentityShutdown,
      ],
      exports: [TOKEN_VERIFIER, IDENTITY_RUNTIME],
    };
  }
}

/**
 * Mounts the embedded provider (if the app runs one) on the app's Express instance. Call it
 * once, after `NestFactory.create` and before `app.listen`/`app.init`, so it precedes Nest's
 * not-found handler. No-op in Keycloak mode.
 */
export function mountIdentityProvider(app: INestApplication): void {
  const runtime = app.get<IdentityRuntime>(IDENTITY_RUNTIME);
  runtime.embedded?.mount(app.getHttpAdapter().getInstance() as MountTarget);
}
