// Money in every currency, over signed HTTP against the fake Slack: a team currency set by its manager
// (`/deal team currency EUR`, audited, shown in /deal team) is the currency of bare amounts in /deal new, the
// form and /deal draft roi; /deal value keeps a deal's own; amounts are read as reps type them (1,2 Mio.,
// R$ 300.000,00, CHF 85'000, 45k€) and an ambiguous one is asked back, changing nothing; App Home and the
// digest show totals per currency, the team's first, count deals without an amount and never show "$0".
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, deals, salesTeams } from '../../src/db/schema.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { ackBody, eventually, slackFixture, startTestApp, type TestApp } from '../support/app-harness.js';
import { checkMessage, checkView } from '../support/block-kit-limits.js';
import { scanAndDeliverJob } from '../../src/jobs/scheduler.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { slackClient } from '../support/scheduler.js';
import { click, say } from '../security/support.js';

const ADMIN = 'U0ADELIA';
const MARTA = 'U0MARTA'; // manages Everyone, in euros
const JONAS = 'U1'; // a rep in Everyone (the form's submissions come from U1)
const LUCA = 'U0LUCA'; // manages Suisse Romande, in Swiss francs
const AURELIE = 'U0AURELIE';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ start: '2026-11-02T08:00:00Z', defaultZone: 'Europe/Berlin' });
  t.fake.users.set(ADMIN, { tz: 'Europe/Lisbon', real_name: 'Adélia Admin', is_admin: true });
  t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
  t.fake.users.set(JONAS, { tz: 'Europe/Berlin', real_name: 'Jonas Ødegård' });
  t.fake.users.set(LUCA, { tz: 'Europe/Zurich', real_name: 'Luca Bernasconi' });
  t.fake.users.set(AURELIE, { tz: 'Europe/Zurich', real_name: 'Aurélie Favre' });
  t.fake.channels.set('C0SALES', { name: 'vertrieb' });
});
afterEach(() => t.stop());

const deal = (company: string) =>
  t.store.db
    .select()
    .from(deals)
    .all()
    .find((d) => d.company.startsWith(company));
const dealCount = () => t.store.db.select().from(deals).all().length;
const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');

async function teamsSetUp() {
  await say(t, ADMIN, 'list');
  expect(await say(t, ADMIN, `team manager <@${MARTA}>`)).toContain('is a manager now');
  expect(await say(t, ADMIN, `team manager <@${LUCA}>`)).toContain('is a manager now');
  expect(await say(t, JONAS, 'list')).toContain('no open deals');
  // Marta, in no team, sets up Everyone: its reps' bare amounts are in euros.
  const set = await say(t, MARTA, 'team currency EUR');
  expect(set).toContain('Team *Everyone* updated: amounts its reps type without a currency are in EUR (it was USD)');
  expect(await say(t, LUCA, 'team create Suisse Romande')).toContain('Suisse Romande');
  expect(await say(t, LUCA, 'team currency chf')).toContain('are in CHF (it was USD)');
  await say(t, LUCA, `team add <@${AURELIE}>`);
  const invite = await eventually(
    () => t.fake.callsTo('chat.postMessage').find((c) => c.body.channel === AURELIE),
    'the invitation DM',
  );
  const accept = invite.body.blocks.at(-1).elements.find((e: any) => e.action_id === ACTION_IDS.teamInviteAccept);
  await click(t, AURELIE, ACTION_IDS.teamInviteAccept, accept.value);
  await eventually(() => t.store.db.select().from(salesTeams).all().length === 2 && invitedJoined(), 'Aurélie joins');
}

const invitedJoined = () =>
  t.store.db
    .select()
    .from(auditEvents)
    .all()
    .some((a) => a.action === 'team.join');

describe('the team currency', () => {
  it('is a manager setting: audited, shown in /deal team, refused to a rep and for what is no currency', async () => {
    await teamsSetUp();
    const everyone = t.store.db.select().from(salesTeams).where(eq(salesTeams.name, 'Everyone')).get()!;
    expect(everyone.currency).toBe('EUR');
    const audits = t.store.db.select().from(auditEvents).where(eq(auditEvents.action, 'team.currency')).all();
    expect(audits.map((a) => [a.actorId, a.subject, a.details])).toEqual([
      [MARTA, 'Everyone', { type: 'currency', code: 'EUR' }],
      [LUCA, 'Suisse Romande', { type: 'currency', code: 'CHF' }],
    ]);
    expect(await say(t, JONAS, 'team')).toContain('*Currency*\\nEUR');
    expect(await say(t, AURELIE, 'team')).toContain('*Currency*\\nCHF');

    // A rep does not change it; a word that is no currency, or a sign several share, is refused; nothing changes.
    expect(await say(t, JONAS, 'team currency USD')).toContain('Only the manager of Everyone');
    const bad = await say(t, MARTA, 'team currency XYZ');
    expect(bad).toContain('`XYZ` is not a currency code');
    expect(bad).toContain('Right form: `/deal team currency &lt;ISO code, e.g. EUR&gt; | default`');
    expect(await say(t, MARTA, 'team currency $')).toContain('the sign of several currencies (USD, CAD, AUD, NZD');
    expect(t.store.db.select().from(salesTeams).where(eq(salesTeams.name, 'Everyone')).get()!.currency).toBe('EUR');

    // `default` goes back to USD.
    expect(await say(t, LUCA, 'team currency default')).toContain('are in USD, the default (it was CHF)');
    expect(t.store.db.select().from(salesTeams).where(eq(salesTeams.name, 'Suisse Romande')).get()!.currency).toBe(
      null,
    );
  });
});

describe('amounts as reps type them, in their team currency', () => {
  it('reads bare amounts in the team currency and says so; written currencies and formats are kept', async () => {
    await teamsSetUp();
    const added = await say(t, JONAS, 'new Kaffeerösterei Müller & Söhne KG value 45k stage proposal forecast commit');
    expect(added).toContain('€45,000');
    expect(added).toContain("Amount: €45,000 (your team's currency; write `45k USD` for another)");
    expect(deal('Kaffeerösterei')).toMatchObject({ valueMinor: 4_500_000, currency: 'EUR' });

    for (const [line, company, minor, currency] of [
      ['new Nordlicht Logistik GmbH value 1,2 Mio. stage proposal forecast best-case', 'Nordlicht', 120_000_000, 'EUR'],
      ['new Construtora Paulista value R$ 300.000,00 stage proposal forecast commit', 'Construtora', 30_000_000, 'BRL'],
      ["new Banque Cantonale du Léman value CHF 85'000 stage proposal", 'Banque Cantonale', 8_500_000, 'CHF'],
      ['new Tata Agrotech value ₹12,50,000 stage demo', 'Tata', 125_000_000, 'INR'],
      ['new Kobayashi Seisakusho value ¥4,500,000 stage demo', 'Kobayashi', 450_000_000, 'JPY'],
      ['new Lyon Mobilier SAS value 45k€', 'Lyon', 4_500_000, 'EUR'],
      ['new Brightwell Partners value 2.5m GBP', 'Brightwell', 250_000_000, 'GBP'],
    ] as const) {
      const answer = await say(t, JONAS, line);
      expect(answer, line).toContain('Deal added');
      expect(deal(company), line).toMatchObject({ valueMinor: minor, currency });
    }
    // A written currency needs no note.
    expect(await say(t, JONAS, 'new Göteborg Hamnlogistik AB value 450 000 SEK')).not.toContain('Amount:');

    // In Luca's team the same "1.5m" is Swiss francs.
    expect(nbsp(await say(t, AURELIE, 'new Uhrenmanufaktur Jura value 1.5m'))).toContain('CHF 1,500,000');
    expect(deal('Uhrenmanufaktur')).toMatchObject({ valueMinor: 150_000_000, currency: 'CHF' });
    // A deal without an amount takes the team currency for what is typed later.
    await say(t, AURELIE, 'new Genève Horlogerie SA stage demo');
    expect(deal('Genève')).toMatchObject({ valueMinor: null, currency: 'CHF' });
    expect(nbsp(await say(t, AURELIE, 'value Genève 250k'))).toContain('Value set to CHF 250,000');
  });

  it('asks back an ambiguous amount with both readings on any deal, changing nothing', async () => {
    await teamsSetUp();
    const before = dealCount();
    const asked = await say(t, JONAS, 'new Nordlicht Logistik GmbH value 12.500 stage demo');
    expect(asked).toContain('`12.500` could mean €12,500 or €12.50');
    expect(asked).toContain('Nothing was changed');
    expect(await say(t, JONAS, 'new Nordlicht Logistik GmbH value 12,500')).toContain('€12,500 or €12.50');
    expect(await say(t, JONAS, 'new Construtora Paulista value 300 mil')).toContain('`mil` is a thousand');
    expect(dealCount()).toBe(before);

    await say(t, JONAS, 'new Nordlicht Logistik GmbH value 12500');
    const onDeal = await say(t, JONAS, 'value Nordlicht 1.500');
    expect(onDeal).toContain('`1.500` could mean €1,500 or €1.50: which one?');
    expect(onDeal).toContain('For €1,500, `/deal value Nordlicht Logistik GmbH 1500`');
    expect(onDeal).toContain('for €1.50, `/deal value Nordlicht Logistik GmbH 1.50`');
    // A USD deal on the same team is asked too: the deal's currency settles nothing.
    await say(t, JONAS, 'new Acme Corp value 80k USD');
    expect(await say(t, JONAS, 'value Acme 12.500')).toContain('$12,500 or $12.50');
    expect(deal('Nordlicht')).toMatchObject({ valueMinor: 1_250_000, currency: 'EUR' });
    expect(deal('Acme')).toMatchObject({ valueMinor: 8_000_000, currency: 'USD' });

    // The forms the answer gives read one way.
    expect(await say(t, JONAS, 'value Nordlicht Logistik GmbH 1500')).toContain('Value set to €1,500');
    expect(await say(t, JONAS, 'value Acme 12.500 EUR')).toContain('Value set to €12,500');
  });

  it('/deal value keeps the deal’s own currency and says so', async () => {
    await teamsSetUp();
    await say(t, JONAS, 'new Brightwell Partners value 80k USD stage proposal');
    const kept = await say(t, JONAS, 'value Brightwell 95k');
    expect(kept).toContain('Value set to $95,000');
    expect(kept).toContain("Amount: $95,000 (Brightwell Partners's currency; write `95k EUR` for another)");
    expect(await say(t, JONAS, 'value Brightwell 1,1 Mio. EUR')).toContain('Value set to €1,100,000');
    expect(deal('Brightwell')).toMatchObject({ valueMinor: 110_000_000, currency: 'EUR' });
  });

  it('the deal form reads a bare amount in the team currency', async () => {
    await teamsSetUp();
    const submitted = await t.submit(
      { callback_id: 'deal_modal' },
      { company: 'Ålborg Værft A/S', value: '1,2 Mio', email: null, contact: null, forecast: null, goal: null },
      { stage: 'demo' },
    );
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe('');
    expect(deal('Ålborg')).toMatchObject({ valueMinor: 120_000_000, currency: 'EUR' });
    const dm = await eventually(
      () => t.fake.callsTo('chat.postMessage').find((c) => c.body.channel === JONAS && /Ålborg/.test(c.body.text)),
      'the confirmation DM',
    );
    expect(JSON.stringify(dm.body.blocks)).toContain("Amount: €1,200,000 (your team's currency");

    const ambiguous = await ackBody(
      await t.submit(
        { callback_id: 'deal_modal' },
        { company: 'Ålborg Værft A/S', value: '12.500', email: null, contact: null, forecast: null, goal: null },
        { stage: null },
      ),
    );
    expect(ambiguous.response_action).toBe('errors');
    expect(ambiguous.errors.value).toContain('€12,500 or €12.50');
    expect(deal('Ålborg')!.valueMinor).toBe(120_000_000);
  });

  it('/deal draft roi reads the yearly value in the deal’s currency', async () => {
    await teamsSetUp();
    await say(t, JONAS, 'new Nordlicht Logistik GmbH value 1,2 Mio. stage proposal');
    const drafting = await say(t, JONAS, 'draft Nordlicht roi 120k');
    expect(drafting).toContain("Yearly value to them: €120,000 (Nordlicht Logistik GmbH's currency");
    const card = await eventually(
      () => t.fake.callsTo('chat.postMessage').find((c) => /ROI email/.test(JSON.stringify(c.body.blocks ?? []))),
      'the ROI card',
    );
    const text = JSON.stringify(card.body.blocks);
    expect(text).toContain('€120,000 a year');
    expect(text).not.toContain('$');
    expect(await say(t, JONAS, 'draft Nordlicht roi 12.500')).toContain('`12.500` could mean €12,500 or €12.50');
  });
});

describe('totals per currency', () => {
  it('App Home and the digest sum each currency on its own, count deals without an amount, never show $0', async () => {
    await teamsSetUp();
    await say(t, MARTA, 'team channel <#C0SALES|vertrieb>');
    await say(t, MARTA, 'team schedule weekly mon 09:00 zone Europe/Berlin');
    for (const line of [
      'new Kaffeerösterei Müller & Söhne KG value 45k stage proposal forecast commit',
      'new Nordlicht Logistik GmbH value 1,2 Mio. stage proposal forecast best-case',
      'new Construtora Paulista value R$ 300.000,00 stage proposal forecast commit',
      "new Banque Cantonale du Léman value CHF 85'000 stage proposal",
      'new Tavira Sun Resorts stage proposal forecast commit',
    ]) {
      expect(await say(t, JONAS, line)).toContain('Deal added');
    }
    for (const company of ['Kaffeerösterei', 'Nordlicht', 'Construtora', 'Banque', 'Tavira']) {
      await say(t, JONAS, `reply ${company} asked for the offer`);
    }
    t.clock.set('2026-11-02T09:00:00Z');
    for (const company of ['Kaffeerösterei', 'Nordlicht', 'Construtora', 'Banque', 'Tavira']) {
      await say(t, JONAS, `email ${company} sent the offer`);
    }
    // The scheduler's job once a day at 09:00 UTC (10:00 in Berlin): scan, digests, delivery.
    const job = scanAndDeliverJob({ app: t.ctx, messenger: webMessenger(slackClient(t.fake.apiUrl)) }, '0 9 * * *');
    let day = new Date('2026-11-02T09:00:00Z');
    const jobs = async (until: string) => {
      for (; day <= new Date(until); day = new Date(day.getTime() + 86_400_000)) {
        t.clock.set(day);
        await job.run(day);
      }
    };
    await jobs('2026-11-16T09:00:00Z');
    // Between two digests the Brazilian deal grows and a euro deal comes back to life.
    await say(t, JONAS, 'value Construtora R$ 350.000');
    await say(t, JONAS, 'reply Kaffeerösterei wants to talk in January');
    await jobs('2026-11-23T09:00:00Z');

    const digests = t.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0SALES' && !c.body.thread_ts);
    expect(digests.length).toBeGreaterThanOrEqual(2);
    const last = digests.at(-1)!.body;
    const headline = nbsp(JSON.stringify(last.blocks));
    expect(headline).toContain(
      '*4 stuck deals* worth *€1,200,000 + R$350,000 + CHF 85,000* (1 of them without an amount) ' +
        '(−1 deal, −€45,000, +R$50,000 since the last digest).',
    );
    expect(headline).toContain(
      '3 silent deals past threshold still in commit or best-case: *€1,200,000 + R$350,000* ' +
        '(1 of them without an amount) should come out of the forecast.',
    );
    expect(headline).toContain('Tavira Sun Resorts* (<@U1>) · no value · commit');
    // Ranked by amount only within a currency: the team's first, then by code, no amount last.
    const order = ['Nordlicht', 'Construtora', 'Tavira'].map((name) => headline.indexOf(`${name}`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(headline).not.toMatch(/\$0\b|±/);
    expect(nbsp(last.text)).toContain('Everyone: 4 stuck deals worth €1,200,000 + R$350,000 + CHF 85,000');
    expect(checkMessage(last)).toEqual([]);

    // The manager's App Home: the same sums, the team currency first.
    const before = t.fake.callsTo('views.publish').length;
    const homeOpened = slackFixture('app_home_opened_event.json').event_tab_home;
    await t.event({ ...homeOpened, user: MARTA, channel: 'DMARTA' });
    const publish = await eventually(
      () =>
        t.fake
          .callsTo('views.publish')
          .slice(before)
          .find((c) => c.body.user_id === MARTA),
      'views.publish',
    );
    const home = nbsp(JSON.stringify(publish.body.view));
    expect(home).toContain('4 silent deals worth €1,200,000 + R$350,000 + CHF 85,000 (1 of them without an amount)');
    expect(home).not.toMatch(/\$0\b/);
    expect(checkView(publish.body.view)).toEqual([]);
  });
});
