// `dealcoach start`: the Slack bot.
import { configOrExplain, defineCommand } from '../cli.js';
import { requireSlackCredentials } from '../config.js';

export default defineCommand({
  name: 'start',
  usage: [
    'Usage: dealcoach start',
    '',
    'Runs the Slack bot with its scheduler, configured by the environment (.env): SLACK_BOT_TOKEN, and',
    'SLACK_SIGNING_SECRET (HTTP on PORT) or SLACK_APP_TOKEN (Socket Mode). Migrates the database first.',
  ].join('\n'),
  options: {},
  async run() {
    const config = configOrExplain();
    if (!config) return 2;
    const missing = requireSlackCredentials(config);
    if (missing.length) {
      for (const problem of missing) process.stderr.write(`config error: ${problem}\n`);
      process.stderr.write(
        'Set them in .env (see .env.example and README "Create the Slack app"), ' +
          'or try dealcoach without Slack: npm run console\n',
      );
      return 2;
    }
    const { startBot } = await import('../bot.js');
    return startBot(config);
  },
});
