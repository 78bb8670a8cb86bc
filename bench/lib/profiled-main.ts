import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config.js';
import { createApp } from '../../src/main.js';

/**
 * The service as `dist/src/main.js` starts it, for `--profile` runs: the CPU profile covers only
 * the window the benchmark marks (SIGWINCH starts it, as Nest's shutdown hooks take SIGUSR2;
 * SIGTERM writes it to BENCH_PROFILE_DIR and exits), so start-up, migrations and the benchmark's
 * setup do not blur what a request costs.
 */
const config = loadConfig();
const app = await createApp(config);
await app.listen(config.port, '127.0.0.1');
const session = new Session();
session.connect();
let profiling = false;
process.on('SIGWINCH', () => {
  if (profiling) return;
  profiling = true;
  void session.post('Profiler.enable').then(() => session.post('Profiler.start'));
});
process.once('SIGTERM', () => {
  // Nest's own hook re-raises the signal, which would kill the process before the profile is written.
  void (async () => {
    if (profiling) {
      const { profile } = await session.post('Profiler.stop');
      const name = `CPU.${new Date().toISOString().replace(/[:.]/g, '')}.${process.pid}.cpuprofile`;
      writeFileSync(join(process.env.BENCH_PROFILE_DIR ?? '.', name), JSON.stringify(profile));
    }
    process.exit(0);
  })();
});
