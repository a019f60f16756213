// `#name` in the console, as Slack sends it: with "escape channels" on, Slack turns a channel named in a
// slash command into `<#C0123|name>`. The console's workspace has a channel for every name, with a made-up
// id that is the same on every run, so the command reaches the grammar in the form it has in Slack.
import { createHash } from 'node:crypto';

/** `#sales-dach,` -> "sales-dach": Slack's channel names (lower case, digits, - and _, 80 at most). */
const CHANNEL_NAME = /(^|[\s(])#([a-z0-9][a-z0-9_-]{0,79})(?=$|[\s.,;:!?)])/gi;
/** `#C0123ABC` names a channel by its id, which Slack leaves as typed. */
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

export function consoleChannelId(name: string): string {
  return `C${createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 10).toUpperCase()}`;
}

/**
 * Every `#name` (a word of its own starting with a letter) -> `<#Cid|name>`; `found` gets each id and name.
 * A number (`ticket #4521`) or an id (`#C0123ABC`) stays as typed.
 */
export function escapeChannels(text: string, found: (id: string, name: string) => void = () => undefined): string {
  return text.replace(CHANNEL_NAME, (all, before: string, typed: string) => {
    if (CHANNEL_ID.test(typed) || !/^[a-z]/i.test(typed)) return all;
    const name = typed.toLowerCase();
    const id = consoleChannelId(name);
    found(id, name);
    return `${before}<#${id}|${name}>`;
  });
}
