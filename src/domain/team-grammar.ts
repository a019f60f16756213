// `/deal team ...`: how a manager sets up a team. Pure: text in, a typed command or an error out.
import { DateTime, IANAZone } from 'luxon';
import { holidayPlace } from './holiday-places.js';
import { oneLine } from './text.js';
import { STAGES, type Stage } from './vocabulary.js';
import type { CadenceStep } from './silence.js';
import { currenciesOfSign, isCurrencyCode } from './money.js';

/** The implicit team of everyone in a workspace who is in no team. */
export const EVERYONE = 'Everyone';

export type DigestFrequency = 'daily' | 'weekly';

export interface DigestSchedule {
  frequency: DigestFrequency;
  /** ISO weekday 1 (Monday) to 7, for weekly digests. */
  weekday: number | null;
  /** "HH:MM" in the team's zone. */
  time: string;
  /** Skip weekends and holidays. */
  skipDaysOff: boolean;
}

export type TeamCommand =
  | { type: 'show' }
  | { type: 'create'; name: string }
  | { type: 'add'; userIds: string[]; role: 'rep' | 'manager'; teamName?: string }
  | { type: 'remove'; userIds: string[] }
  | { type: 'manager'; userId: string; on: boolean }
  | { type: 'channel'; channelId: string | null }
  | { type: 'schedule'; schedule: DigestSchedule | null; zone: string | null }
  | { type: 'threshold'; stage: Stage; days: number }
  | { type: 'cadence'; steps: CadenceStep[] | null }
  | { type: 'holidays'; country: string | null; region: string | null; dates: string[] }
  | { type: 'escalation'; days: number }
  /** The currency of amounts the team's reps type without one; null: back to USD. */
  | { type: 'currency'; code: string | null };

export type TeamParse = { ok: true; command: TeamCommand } | { ok: false; error: string; usage: string };

export const TEAM_USAGE: Record<string, string> = {
  show: '/deal team',
  create: '/deal team create <name>',
  add: '/deal team add @rep [@rep ...] [as manager] [to <team>]   (to another team: workspace admins)',
  remove: '/deal team remove @rep [@rep ...]',
  manager: '/deal team manager @person [off]   (workspace admins only)',
  channel: '/deal team channel #channel | off',
  schedule: '/deal team schedule daily <HH:MM> | weekly <mon..sun> <HH:MM> [zone <IANA zone>] [every day] | off',
  threshold: `/deal team threshold <${STAGES.join('|')}> <business days>`,
  cadence:
    '/deal team cadence <day>:<call|call+msg|email|fire> ... | default   (e.g. 1:call+msg 2:call 3:email 5:call+msg ' +
    '6:fire)',
  holidays: '/deal team holidays <country code>[-<region>] [YYYY-MM-DD ...] | off',
  escalation: '/deal team escalation <business days>',
  currency: '/deal team currency <ISO code, e.g. EUR> | default',
};

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

const fail = (sub: string, error: string): TeamParse => ({
  ok: false,
  error,
  usage: TEAM_USAGE[sub] ?? Object.values(TEAM_USAGE).join('\n'),
});

/** `<@U123|bob>`, `<@U123>`, `@U123` or `U123` -> U123. */
export function parseUserMention(token: string): string | null {
  const match = token.match(/^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/) ?? token.match(/^@?([UW][A-Z0-9]{2,})$/);
  return match ? match[1]! : null;
}

/** `<#C123|sales>`, `#C123` or `C123` -> C123. */
export function parseChannelMention(token: string): string | null {
  const match = token.match(/^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/) ?? token.match(/^#?([CG][A-Z0-9]{2,})$/);
  return match ? match[1]! : null;
}

const STEP_SPEC: Record<string, Pick<CadenceStep, 'channel' | 'leaveMessage' | 'kind'>> = {
  call: { channel: 'call', leaveMessage: false, kind: 'touch' },
  'call+msg': { channel: 'call', leaveMessage: true, kind: 'touch' },
  voicemail: { channel: 'voicemail', leaveMessage: true, kind: 'touch' },
  email: { channel: 'email', kind: 'message' },
  fire: { channel: 'email', kind: 'fire' },
};

export function parseTeamCommand(args: string): TeamParse {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? 'show').toLowerCase();
  const rest = words.slice(1);
  switch (sub) {
    case 'show':
      return { ok: true, command: { type: 'show' } };
    case 'create': {
      const name = oneLine(rest.join(' '));
      if (!name) return fail('create', 'Give the team a name.');
      if (name.length > 60) return fail('create', 'Keep the team name under 60 characters.');
      if (name.toLowerCase() === EVERYONE.toLowerCase())
        return fail('create', `"${EVERYONE}" is the name of the whole workspace; pick another.`);
      return { ok: true, command: { type: 'create', name } };
    }
    case 'add':
    case 'remove': {
      // `add @ana to Ventas Iberia`: the team's name runs to the end.
      const toAt = sub === 'add' ? rest.findIndex((w) => w.toLowerCase() === 'to') : -1;
      const teamName = toAt === -1 ? undefined : oneLine(rest.slice(toAt + 1).join(' '));
      if (teamName === '') return fail('add', 'Name the team after `to`, e.g. `to Ventas Iberia`.');
      const people = toAt === -1 ? rest : rest.slice(0, toAt);
      const asManager =
        people
          .slice(-2)
          .map((w) => w.toLowerCase())
          .join(' ') === 'as manager';
      const targets = asManager ? people.slice(0, -2) : people;
      if (targets.length === 0) return fail(sub, 'Mention at least one person, like @bob.');
      const ids = targets.map(parseUserMention);
      const bad = targets.find((_, i) => !ids[i]);
      if (bad) return fail(sub, `\`${bad}\` is not a person. Mention them with @ so Slack fills in who they are.`);
      if (sub === 'remove') {
        if (asManager) return fail('remove', '`as manager` goes with `add`.');
        return { ok: true, command: { type: 'remove', userIds: ids as string[] } };
      }
      const role = asManager ? 'manager' : 'rep';
      return { ok: true, command: { type: 'add', userIds: ids as string[], role, ...(teamName ? { teamName } : {}) } };
    }
    case 'manager': {
      const userId = rest[0] ? parseUserMention(rest[0]) : null;
      const off = rest[1]?.toLowerCase();
      if (!userId || rest.length > 2 || (off !== undefined && off !== 'off')) {
        return fail('manager', 'Mention one person with @, and add `off` to take the manager role away.');
      }
      return { ok: true, command: { type: 'manager', userId, on: off !== 'off' } };
    }
    case 'channel': {
      if (rest[0]?.toLowerCase() === 'off') return { ok: true, command: { type: 'channel', channelId: null } };
      const channelId = rest.length === 1 ? parseChannelMention(rest[0]!) : null;
      if (!channelId) return fail('channel', 'Name one channel with #, like #sales-team (and invite dealcoach to it).');
      return { ok: true, command: { type: 'channel', channelId } };
    }
    case 'schedule': {
      if (rest[0]?.toLowerCase() === 'off')
        return { ok: true, command: { type: 'schedule', schedule: null, zone: null } };
      const lowered = rest.map((w) => w.toLowerCase());
      let zone: string | null = null;
      const zoneAt = lowered.indexOf('zone');
      if (zoneAt !== -1) {
        zone = rest[zoneAt + 1] ?? null;
        if (!zone || !IANAZone.isValidZone(zone))
          return fail('schedule', `\`${zone ?? ''}\` is not a time zone. Use an IANA name like Europe/Berlin.`);
      }
      const skipDaysOff = !(lowered.includes('every') && lowered.includes('day'));
      const frequency = lowered[0];
      if (frequency !== 'daily' && frequency !== 'weekly') return fail('schedule', 'Say daily or weekly.');
      let weekday: number | null = null;
      let timeWord: string | undefined;
      if (frequency === 'weekly') {
        weekday = WEEKDAYS[(lowered[1] ?? '').slice(0, 3)] ?? null;
        if (!weekday) return fail('schedule', 'Say which day: mon, tue, wed, thu, fri, sat or sun.');
        timeWord = rest[2];
      } else {
        timeWord = rest[1];
      }
      const time = timeWord?.match(/^([01]?\d|2[0-3]):([0-5]\d)$/);
      if (!time) return fail('schedule', `Give the time as HH:MM in 24 hours, like 08:30.`);
      return {
        ok: true,
        command: {
          type: 'schedule',
          schedule: { frequency, weekday, time: `${time[1]!.padStart(2, '0')}:${time[2]}`, skipDaysOff },
          zone,
        },
      };
    }
    case 'threshold': {
      const stage = (STAGES as readonly string[]).includes(rest[0]?.toLowerCase() ?? '')
        ? (rest[0]!.toLowerCase() as Stage)
        : null;
      const days = Number(rest[1]);
      if (!stage) return fail('threshold', `Name a stage: ${STAGES.join(', ')}.`);
      if (!Number.isInteger(days) || days < 1 || days > 60)
        return fail('threshold', 'Give a whole number of business days from 1 to 60.');
      return { ok: true, command: { type: 'threshold', stage, days } };
    }
    case 'cadence': {
      if (rest[0]?.toLowerCase() === 'default') return { ok: true, command: { type: 'cadence', steps: null } };
      if (rest.length === 0)
        return fail('cadence', 'List the steps, like 1:call+msg 2:call 3:email 5:call+msg 6:fire.');
      const steps: CadenceStep[] = [];
      for (const [index, word] of rest.entries()) {
        const match = word.toLowerCase().match(/^(\d{1,2}):([a-z+]+)$/);
        const spec = match ? STEP_SPEC[match[2]!] : undefined;
        if (!match || !spec)
          return fail('cadence', `\`${word}\` is not a step. Write <day>:<call|call+msg|voicemail|email|fire>.`);
        const day = Number(match[1]);
        if (day < 1 || (steps.length && day <= steps.at(-1)!.day))
          return fail('cadence', 'Days must start at 1 and grow from step to step.');
        steps.push({ step: index + 1, day, ...spec });
      }
      if (steps.length > 10)
        return fail('cadence', 'Keep the cadence to 10 steps at most: decide in advance, and stop there.');
      if (steps.filter((s) => s.kind === 'fire').length !== 1 || steps.at(-1)!.kind !== 'fire') {
        return fail('cadence', 'End the cadence with exactly one fire step: the goodbye is the point.');
      }
      return { ok: true, command: { type: 'cadence', steps } };
    }
    case 'holidays': {
      if (rest[0]?.toLowerCase() === 'off')
        return { ok: true, command: { type: 'holidays', country: null, region: null, dates: [] } };
      const typed = rest[0] ?? '';
      const place = typed.match(/^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,3}))?$/);
      if (!place) {
        // A country's name ("Germany") gets its code back; anything else the form of one.
        const named = /^\p{L}{3,}$/u.test(typed) ? holidayPlace(typed, null) : null;
        return fail(
          'holidays',
          named && !named.ok ? named.error : 'Give a country code like US, DE or GB (optionally with a region: US-CA).',
        );
      }
      // Checked against the holiday calendar: an unknown code would skip no holiday at all.
      const known = holidayPlace(place[1]!, place[2] ?? null);
      if (!known.ok) return fail('holidays', known.error);
      const dates = rest.slice(1);
      const badDate = dates.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d));
      if (badDate) return fail('holidays', `\`${badDate}\` is not a date: write extra days off as YYYY-MM-DD.`);
      const impossible = dates.find((d) => !DateTime.fromISO(d).isValid);
      if (impossible) return fail('holidays', `\`${impossible}\` is not a real date: check the month and the day.`);
      return {
        ok: true,
        command: { type: 'holidays', country: known.country, region: known.region, dates: [...new Set(dates)].sort() },
      };
    }
    case 'escalation': {
      const days = Number(rest[0]);
      if (!Number.isInteger(days) || days < 1 || days > 30)
        return fail('escalation', 'Give a whole number of business days from 1 to 30.');
      return { ok: true, command: { type: 'escalation', days } };
    }
    case 'currency': {
      const word = rest[0] ?? '';
      if (rest.length === 1 && ['default', 'off', 'reset'].includes(word.toLowerCase()))
        return { ok: true, command: { type: 'currency', code: null } };
      const codes = rest.length === 1 ? (isCurrencyCode(word) ? [word.toUpperCase()] : currenciesOfSign(word)) : [];
      if (codes.length === 1) return { ok: true, command: { type: 'currency', code: codes[0]! } };
      const typed = rest.join(' ');
      const why =
        codes.length > 1
          ? `\`${typed}\` is the sign of several currencies (${codes.slice(0, 4).join(', ')}` +
            `${codes.length > 4 ? ', …' : ''}). `
          : typed
            ? `\`${typed}\` is not a currency code. `
            : '';
      return fail(
        'currency',
        `${why}Give one ISO 4217 code, like EUR, GBP, CHF, BRL or INR (or a sign only one currency uses, like €); ` +
          `\`default\` goes back to USD.`,
      );
    }
    default:
      return fail(
        'show',
        `\`${words[0]}\` is not a team command. Try: ${Object.keys(TEAM_USAGE)
          .filter((k) => k !== 'show')
          .join(', ')}.`,
      );
  }
}
