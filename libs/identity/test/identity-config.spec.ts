import { describe, expect, it } from '@jest/globals';

import { identityConfigFromEnv } from '../src/index.js';

describe('identityConfigFromEnv', () => {
  it('defaults to the embedded provider on localhost', () => {
    expect(identityConfigFromEnv({})).toEqual({
      mode: 'embedded',
      realmFile: 'deploy/keycloak/realm-iot-ssf.json',
      dataDir: './data',
      issuerBaseUrl: 'http://localhost:3000',
      audience: 'iot-ssf-api',
      production: false,
      enabled: false,
    });
  });

  it('derives the issuer from PUBLIC_URL, else PORT', () => {
    expect(identityConfigFromEnv({ PORT: '4000' })).toMatchObject({ issuerBaseUrl: 'http://localhost:4000' });
    expect(identityConfigFromEnv({ PORT: '4000', PUBLIC_URL: 'https://ssf.example/' })).toMatchObject({
      issuerBaseUrl: 'https://ssf.example/',
    });
  });

  it('reads production and the explicit opt-in', () => {
    expect(identityConfigFromEnv({ NODE_ENV: 'production' })).toMatchObject({ production: true, enabled: false });
    expect(identityConfigFromEnv({ NODE_ENV: 'production', EMBEDDED_IDP: 'true' })).toMatchObject({ enabled: true });
    expect(identityConfigFromEnv({ NODE_ENV: 'production', EMBEDDED_IDP: '1' })).toMatchObject({ enabled: false });
  });

  it('switches to Keycloak when KEYCLOAK_URL is set', () => {
    expect(identityConfigFromEnv({ KEYCLOAK_URL: 'http://keycloak:8080/', PUBLIC_URL: 'http://x' })).toEqual({
      mode: 'keycloak',
      issuer: 'http://keycloak:8080/realms/iot-ssf',
      jwksUri: 'http://keycloak:8080/realms/iot-ssf/protocol/openid-connect/certs',
      audience: 'iot-ssf-api',
    });
    expect(
      identityConfigFromEnv({
        KEYCLOAK_URL: 'http://keycloak:8080',
        KEYCLOAK_REALM: 'other',
        KEYCLOAK_ISSUER: 'https://id.example',
        API_AUDIENCE: 'api',
      }),
    ).toEqual({
      mode: 'keycloak',
      issuer: 'https://id.example/realms/other',
      jwksUri: 'http://keycloak:8080/realms/other/protocol/openid-connect/certs',
      audience: 'api',
    });
  });
});
