// The console's directives as a rep types them: :click, #channel names, :submit on prefilled forms, and
// the text it prints (emoji characters, never their codes).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOfflineDrafter } from '../../src/coach/offline.js';
import { loadConfig } from '../../src/config.js';
import { consoleChannelId, escapeChannels } from '../../src/console/channels.js';
import { consoleExtensions } from '../../src/console/extensions.js';
import { formFields, parseKeyValues } from '../../src/console/index.js';
import { plain } from '../../src/console/render.js';
import { openStore } from '../../src/db/index.js';
import { activities, deals, drafts, salesTeams } from '../../src/db/schema.js';
import type { ModalView } from '../../src/slack/blocks.js';
import { runConsoleScript } from '../support/cli.js';
import { testTempDir } from '../support/temp-db.js';

async function run(lines: string[], dbPath?: string) {
  const store = openStore(dbPath ? `file:${dbPath}` : ':memory:');
  try {
    const { out, err } = await runConsoleScript({
      store,
      lines,
      start: '2026-11-23T14:00:00Z',
      teamId: 'TLOCAL',
      userId: 'ULOCALREP',
      extra: { drafter: createOfflineDrafter(), extensions: consoleExtensions(loadConfig({})) },
    });
    return {
      out: out + err,
      deals: store.db.select().from(deals).all(),
      activities: store.db.select().from(activities).all(),
      drafts: store.db.select().from(drafts).all(),
      teams: store.db.select().from(salesTeams).all(),
    };
  } finally {
    store.close();
  }
}

describe(':click', () => {
  it('without an argument explains itself, lists the buttons and presses nothing', async () => {
    const { out, activities: rows } = await run([
      '/deal new Nordlicht Logistik GmbH contact "Ingrid Sæther"',
      '/deal draft Nordlicht check-in',
      ':click',
      ':click    ',
    ]);
    const usage =
      'Usage: :click <n|label>, e.g. :click 1 or :click Done (a prefix is enough). Buttons of your latest message: ';
    expect(out.split(usage)).toHaveLength(3);
    expect(out).toContain(`${usage}[1] Approve [2] Edit [3] Firmer`);
    expect(rows.map((r) => r.note)).toEqual(['deal created']);
    expect(out).not.toContain('[modal → ');
  });

  it('without an argument and no buttons yet still says how to use it', async () => {
    const { out } = await run([':click']);
    expect(out).toContain('Usage: :click <n|label>');
    expect(out).toContain('No message has buttons yet.');
  });
});

describe('#channel names, as Slack sends them', () => {
  it('turns #name into a channel mention with an id that is the same on every run and in any case', async () => {
    const db = join(testTempDir('dealcoach-console-channels-'), 'c.db');
    const first = await run([':as ULOCALREP manager', '/deal team channel #sales-dach', ':digest'], db);
    const id = consoleChannelId('sales-dach');
    expect(id).toMatch(/^C[A-Z0-9]{10}$/);
    expect(first.teams[0]?.digestChannel).toBe(id);
    expect(first.out).toContain('its digest goes to #sales-dach');
    expect(first.out).toContain('[channel → #sales-dach]');

    // The next run knows the name its id stands for, and #Sales-DACH is the same channel.
    const second = await run(['/deal team', '/deal team channel #Sales-DACH,'], db);
    expect(second.out).toContain('Digest: #sales-dach');
    expect(second.teams[0]?.digestChannel).toBe(id);
    expect(second.out).not.toContain(id);
  });

  it('gives different channels different ids, and leaves ids, numbers and #s inside words as typed', () => {
    const seen: string[] = [];
    const text = escapeChannels('#ventes-europe (#ops_emea) ticket #4521 C#, #C0123ABC and a#b', (_id, name) => {
      seen.push(name);
    });
    expect(seen).toEqual(['ventes-europe', 'ops_emea']);
    expect(text).toBe(
      `<#${consoleChannelId('ventes-europe')}|ventes-europe> (<#${consoleChannelId('ops_emea')}|ops_emea>) ` +
        'ticket #4521 C#, #C0123ABC and a#b',
    );
    expect(consoleChannelId('ventes-europe')).not.toBe(consoleChannelId('ops_emea'));
  });

  it('accepts a channel given by its id, as Slack does', async () => {
    const { teams } = await run([':as ULOCALREP manager', '/deal team channel #C0123ABC']);
    expect(teams[0]?.digestChannel).toBe('C0123ABC');
  });
});

describe(':submit on a form that shows values', () => {
  const editTheDraft = [
    '/deal new Café de Flore SARL contact "Amélie Durand" stage demo',
    '/deal draft Café check-in',
    ':click Edit',
  ];

  it('keeps the prefilled subject and reads \\n in a typed body as a line break', async () => {
    const { out, drafts: rows } = await run([
      ...editTheDraft,
      ':submit body="Bonjour Amélie,\\n\\nUn petit point sur la démo de jeudi ? Dites-moi ce qui vous ' +
        'conviendrait le mieux pour la suite.\\n\\nBien à vous"',
    ]);
    const draft = rows.at(-1)!;
    expect(draft.subject).toBe('Still a priority for Café de Flore?');
    expect(draft.body).toBe(
      'Bonjour Amélie,\n\nUn petit point sur la démo de jeudi ? Dites-moi ce qui vous conviendrait le mieux pour ' +
        'la suite.\n\nBien à vous',
    );
    expect(out).toContain('>Un petit point sur la démo de jeudi ?');
  });

  it('lets a typed field override the prefilled one, the body staying as it was', async () => {
    const { drafts: rows } = await run([...editTheDraft, ':submit subject="Démo du 26 novembre"']);
    const draft = rows.at(-1)!;
    expect(draft.subject).toBe('Démo du 26 novembre');
    expect(draft.body).toMatch(/^Hello Amélie,\n\nIs the demo still something Café de Flore wants/);
  });

  it('refuses a field the form does not have, naming the fields, and saves nothing', async () => {
    const { out, drafts: rows } = await run([...editTheDraft, ':submit subjet="Démo"']);
    expect(out).toContain('This form has no field `subjet` (nothing saved). Its fields: subject, body.');
    expect(rows.at(-1)!.subject).toBe('Still a priority for Café de Flore?');
  });

  it('reads the prefilled values of text fields and selects', () => {
    const view = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Deal' },
      blocks: [
        { type: 'input', block_id: 'company', element: { type: 'plain_text_input', initial_value: 'Ørsted A/S' } },
        { type: 'input', block_id: 'stage', element: { type: 'static_select', initial_option: { value: 'demo' } } },
        { type: 'input', block_id: 'contact', element: { type: 'plain_text_input' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'not a field' } },
      ],
    } as unknown as ModalView;
    expect([...formFields(view)]).toEqual([
      ['company', 'Ørsted A/S'],
      ['stage', 'demo'],
      ['contact', null],
    ]);
  });

  it('parses escapes in values: \\n, \\" and \\\\; other backslashes stay', () => {
    expect(parseKeyValues('said="She said \\"next week\\"\\nthen left" path=C:\\\\temp note="a\\tb"')).toEqual({
      said: 'She said "next week"\nthen left',
      path: 'C:\\temp',
      note: 'a\\tb',
    });
  });
});

describe('what the console prints', () => {
  it('shows emoji characters for codes, drops codes it does not know, and leaves times alone', () => {
    expect(plain(':white_check_mark: Deal added :wave:')).toBe('✅ Deal added 👋');
    expect(plain(':rocket: launched, :tada:!')).toBe('launched, 🎉!');
    expect(plain('Call at 10:30:00 about a:b:c')).toBe('Call at 10:30:00 about a:b:c');
    expect(plain('<#C0123ABC|sales> and <@U0BOSS> and <#C9|x>')).toBe('#sales and @U0BOSS and #x');
    expect(plain('digest in <#C0123ABC>', { channelNames: new Map([['C0123ABC', 'ventes']]) })).toBe(
      'digest in #ventes',
    );
  });

  it('knows every emoji code the app writes', () => {
    const codes = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts'))
          for (const m of readFileSync(path, 'utf8').matchAll(/:([a-z][a-z0-9_]*):(?=[\s`'])/g)) codes.add(m[1]!);
      }
    };
    walk(new URL('../../src', import.meta.url).pathname);
    const notEmoji = new Set(['memory']);
    const unknown = [...codes].filter((c) => !notEmoji.has(c) && plain(`:${c}:`).startsWith(':'));
    expect(codes.size).toBeGreaterThan(15);
    expect(unknown).toEqual([]);
  });

  it('prints no ISO timestamps and no emoji codes through a whole session', async () => {
    const { out } = await run([
      ':as ULOCALREP manager',
      '/deal team channel #ventes',
      '/deal team schedule daily 09:00',
      '/deal new Kaffeerösterei Müller & Söhne KG value 50.000 EUR stage proposal',
      '/deal call Kaffeerösterei left message',
      '/deal note Kaffeerösterei :rocket: they are expanding to Wien',
      ':advance 1w',
      ':click Done',
      '/deal status Kaffeerösterei',
      ':home',
      ':scan',
      ':digest',
      ':now',
    ]);
    expect(out).toContain('Kaffeerösterei');
    expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(out).not.toMatch(/(^|\s):[a-z][a-z0-9_+-]*:(\s|$)/m);
  });
});
