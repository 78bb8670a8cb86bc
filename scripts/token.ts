/**
 * Prints an access token for a demo service-account client of the running server:
 *   npm run -s token -- acme-devices
 * Token endpoint: `<KEYCLOAK_URL>/realms/<KEYCLOAK_REALM>` when KEYCLOAK_URL is set, else the embedded
 * provider at `<PUBLIC_URL or http://localhost:$PORT>/realms/iot-ssf`. Secret: CLIENT_SECRET, else
 * `<client_id>-secret` (the dev realm's convention).
 */
const [clientId] = process.argv.slice(2);
if (!clientId || clientId.startsWith('-')) {
  process.stderr.write('usage: npm run -s token -- <client_id>\n');
  process.exit(2);
}

const env = (name: string): string | undefined => process.env[name]?.trim() || undefined;
const keycloakUrl = env('KEYCLOAK_URL');
const base = (keycloakUrl ?? env('PUBLIC_URL') ?? `http://localhost:${env('PORT') ?? '3000'}`).replace(/\/+$/, '');
const realm = keycloakUrl ? (env('KEYCLOAK_REALM') ?? 'iot-ssf') : 'iot-ssf';
const tokenUrl = `${base}/realms/${realm}/protocol/openid-connect/token`;

try {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: env('CLIENT_SECRET') ?? `${clientId}-secret`,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body['access_token'] !== 'string') {
    process.stderr.write(`token request to ${tokenUrl} failed: ${response.status} ${JSON.stringify(body)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${body['access_token']}\n`);
} catch (error) {
  process.stderr.write(`token request to ${tokenUrl} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
