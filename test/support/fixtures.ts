// Slack's own docs and SDK test payloads, copied with their sources into test/fixtures/slack.
import { readFileSync } from 'node:fs';

export function slackFixture(name: string): any {
  const text = readFileSync(new URL(`../fixtures/slack/${name}`, import.meta.url), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : text;
}
