// The documentation stays true and reachable: the README is short, every relative link resolves,
// the settings table is the config schema, and every /deal example in the README parses.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config.js';
import { parseDealCommand, USAGE } from '../../src/domain/grammar.js';
import { TEAM_USAGE } from '../../src/domain/team-grammar.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const README = read('README.md');

/** The markdown outside fenced blocks, which is where links and headings live. */
function prose(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .filter((line) => {
      const open = line.match(/^(`{3,}|~{3,})/)?.[1];
      if (fence) {
        if (open && open[0] === fence[0] && open.length >= fence.length && line.trim() === open) fence = null;
        return false;
      }
      if (open) {
        fence = open;
        return false;
      }
      return true;
    })
    .join('\n');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

function relativeLinks(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, '');
  const hrefs = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  return hrefs.filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href)); // not https:, mailto:
}

/** The inline-code spans of the README's prose. */
const codeSpans = (markdown: string) => [...prose(markdown).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

describe('the README', () => {
  it('stays under 400 lines', () => {
    expect(README.split('\n').length).toBeLessThan(400);
  });

  it('lists exactly the settings of src/config.ts, as .env.example does', () => {
    const variables = Object.keys(envSchema.shape).sort();
    const table = [...README.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!).sort();
    const example = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!).sort();
    expect(table).toEqual(variables);
    expect(example).toEqual(variables);
  });

  it('shows every /deal subcommand and every /deal team subcommand', () => {
    const examples = codeSpans(README).filter((span) => span.startsWith('/deal'));
    const missing = [
      ...Object.keys(USAGE).filter((sub) => !examples.some((e) => e.startsWith(`/deal ${sub}`))),
      ...Object.keys(TEAM_USAGE)
        .filter((sub) => sub !== 'show')
        .filter((sub) => !examples.some((e) => e.startsWith(`/deal team ${sub}`))),
    ];
    expect(missing).toEqual([]);
  });

  it('promises nothing the grammar refuses: every concrete /deal example parses', () => {
    // Slack sends mentions as ids (the command has should_escape): `@ana` arrives as <@U0ANA|ana>.
    const id = (name: string) => name.replace(/\W/g, '').toUpperCase();
    const asSlackSends = (text: string) =>
      text
        .replace(/(^|\s)@([\w.-]+)/g, (_, space, name: string) => `${space}<@U0${id(name)}|${name}>`)
        .replace(/(^|\s)#([a-z][\w-]*)/g, (_, space, name: string) => `${space}<#C0${id(name)}|${name}>`);
    // Placeholders (<deal>, […], a|b) are forms, not examples.
    const examples = codeSpans(README).filter((span) => /^\/deal(\s|$)/.test(span) && !/[<[|…]/.test(span));
    expect(examples.length).toBeGreaterThan(30);
    const context = { now: new Date('2026-11-23T10:00:00Z'), zone: 'Europe/Berlin' };
    const companies = examples
      .map((e) => parseDealCommand(e.slice('/deal'.length), context))
      .flatMap((r) => (r.ok && r.command.type === 'new' ? [r.command.company] : []));
    expect(companies.length).toBeGreaterThan(0);
    const refused = examples
      .map((example) => {
        const result = parseDealCommand(asSlackSends(example.slice('/deal'.length)), { ...context, companies });
        return { example, result };
      })
      .filter(({ result }) => !result.ok)
      .map(({ example, result }) => `${example}: ${result.ok ? '' : result.error}`);
    expect(refused).toEqual([]);
  });
});

describe('links in README.md and docs/*.md', () => {
  it('finds the links (the README points at every page in docs/)', () => {
    const links = relativeLinks(README);
    for (const doc of DOCS.filter((d) => d !== 'README.md')) expect(links, doc).toContain(doc);
  });

  it('resolve to files in the repository, and their #anchors to headings', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      for (const href of relativeLinks(read(doc))) {
        const [path, anchor] = href.split('#') as [string, string | undefined];
        const target = path ? normalize(join(dirname(doc), decodeURIComponent(path))) : doc;
        if (!existsSync(join(ROOT, target))) {
          broken.push(`${doc}: ${href} (no ${target})`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor)) {
          broken.push(`${doc}: ${href} (no heading #${anchor})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
