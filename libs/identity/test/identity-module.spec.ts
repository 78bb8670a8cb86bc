import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import {
  IDENTITY_RUNTIME,
  IdentityModule,
  mountIdentityProvider,
  TOKEN_VERIFIER,
  UnauthenticatedError,
  type IdentityRuntime,
  type TokenVerifier,
} from '../src/index.js';
import { accessToken, startEmbeddedApp, tempDataDir, type RunningApp } from './support.js';

describe('IdentityModule.forRoot', () => {
  let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
  let idp: RunningApp;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    idp = await startEmbeddedApp(dataDir.path);
  });

  afterAll(async () => {
    await idp.close();
    await dataDir.remove();
  });

  it('provides the embedded verifier as TOKEN_VERIFIER in embedded mode', () => {
    const runtime = idp.app.get<IdentityRuntime>(IDENTITY_RUNTIME);
    expect(runtime.embedded).toBeDefined();
    expect(idp.app.get<TokenVerifier>(TOKEN_VERIFIER)).toBe(runtime.verifier);
  });

  it('verifies through the remote JWKS in Keycloak mode and mounts nothing', async () => {
    // The running embedded provider stands in for Keycloak: same paths, same token shape.
    @Module({
      imports: [
        IdentityModule.forRoot({
          mode: 'keycloak',
          issuer: `${idp.baseUrl}/realms/iot-ssf`,
          jwksUri: `${idp.baseUrl}/realms/iot-ssf/protocol/openid-connect/certs`,
          audience: 'iot-ssf-api',
        }),
      ],
    })
    class ApiModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    mountIdentityProvider(app);
    await app.listen(0, '127.0.0.1');
    try {
      expect(app.get<IdentityRuntime>(IDENTITY_RUNTIME).embedded).toBeUndefined();
      const address = app.getHttpServer().address() as { port: number };
      const discovery = await fetch(`http://127.0.0.1:${address.port}/realms/iot-ssf/.well-known/openid-configuration`);
      expect(discovery.status).toBe(404);

      const verifier = app.get<TokenVerifier>(TOKEN_VERIFIER);
      await expect(verifier.verify(await accessToken(idp.baseUrl, 'consortium-admin'))).resolves.toMatchObject({
        organizationId: 'consortium',
        roles: ['consortium_admin'],
      });
      await expect(verifier.verify('garbage')).rejects.toBeInstanceOf(UnauthenticatedError);
    } finally {
      await app.close();
    }
  });

  it('answers UNAUTHENTICATED when the JWKS cannot be reached', async () => {
    @Module({
      imports: [
        IdentityModule.forRoot({
          mode: 'keycloak',
          issuer: `${idp.baseUrl}/realms/iot-ssf`,
          jwksUri: 'http://127.0.0.1:1/realms/iot-ssf/protocol/openid-connect/certs',
          audience: 'iot-ssf-api',
        }),
      ],
    })
    class ApiModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
    const verifier = moduleRef.get<TokenVerifier>(TOKEN_VERIFIER);
    const error = await verifier.verify(await accessToken(idp.baseUrl, 'acme-devices')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error as UnauthenticatedError).code).toBe('UNAUTHENTICATED');
    await moduleRef.close();
  });
});
