import 'reflect-metadata';
import { loadConfig } from '../../src/config/app-config.js';
import { createApp } from '../../src/main.js';

/**
 * The service as `dist/src/main.js` starts it, for `--profile` runs under `node --cpu-prof`: on
 * SIGTERM it exits normally, so Node writes the CPU profile (Nest's own hook re-raises the signal,
 * which would kill the process before the profile is written).
 */
const config = loadConfig();
const app = await createApp(config);
await app.listen(config.port, '127.0.0.1');
process.once('SIGTERM', () => {
  setTimeout(() => process.exit(0), 50);
});
