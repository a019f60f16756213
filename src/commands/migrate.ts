// `dealcoach migrate`: applies the migrations to DATABASE_URL.
import { configOrExplain, defineCommand } from '../cli.js';
import { openStore } from '../db/index.js';

export default defineCommand({
  name: 'migrate',
  usage: [
    'Usage: dealcoach migrate',
    '',
    'Creates the database at DATABASE_URL if needed and applies every migration (start does it too).',
  ].join('\n'),
  options: {},
  async run() {
    const config = configOrExplain();
    if (!config) return 2;
    const store = openStore(config.DATABASE_URL);
    process.stderr.write(`Database at ${store.location} is migrated.\n`);
    store.close();
    return 0;
  },
});
