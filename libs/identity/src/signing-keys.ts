import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
} from 'jose';

/** Private signing keys of the embedded provider (first key signs; all are published). */
export interface SigningKeys {
  readonly privateJwks: { keys: JWK[] };
  readonly publicJwks: JSONWebKeySet;
  readonly file: string;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

export function signingKeysFile(dataDir: string): string {
  return join(dataDir, 'identity', 'jwks.json');
}

/**
 * Reads `<dataDir>/identity/jwks.json`, creating it with a fresh RS256 key (mode 0600) on first
 * start, so tokens stay verifiable across restarts. Rotation: prepend a new key to the file's
 * `keys` and restart; keep the old one until the tokens it signed have expired.
 */
export async function loadOrCreateSigningKeys(dataDir: string): Promise<SigningKeys> {
  const file = signingKeysFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
    await restrictPermissions(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = await createKeyFile(file);
  }
  return fromFileContent(file, text);
}

async function createKeyFile(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const text = `${JSON.stringify({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] }, null, 2)}\n`;
  try {
    // 'wx': of two processes starting at once, exactly one writes; the other reads its key.
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(file, 'utf8');
  }
}

async function restrictPermissions(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    await chmod(file, 0o600);
  }
}

function fromFileContent(file: string, text: string): SigningKeys {
  const parsed = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new Error(`${file}: no keys`);
  }
  const keys = parsed.keys as JWK[];
  for (const key of keys) {
    if (key.kty !== 'RSA' || typeof key.d !== 'string' || typeof key.kid !== 'string') {
      throw new Error(`${file}: every key must be a private RSA JWK with a kid`);
    }
  }
  const publicKeys = keys.map((key) => {
    const copy: JWK = { ...key, alg: key.alg ?? 'RS256', use: 'sig' };
    for (const member of PRIVATE_MEMBERS) delete copy[member];
    return copy;
  });
  return { privateJwks: { keys }, publicJwks: { keys: publicKeys }, file };
}
