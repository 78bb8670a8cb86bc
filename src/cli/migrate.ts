import { loadConfig } from '../config/app-config.js';
import { openDatabase } from '../infrastructure/storage.module.js';

/** `npm run migrate`: brings the configured database's schema up to date and exits. */
const database = await openDatabase(loadConfig());
await database.close();
process.stdout.write('Migrations applied.\n');
