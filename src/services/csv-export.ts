// Export: every deal with its state, dates, activity count, open commitment and last silence
// episode, as CSV (csv-stringify) or one JSON document. Read in pages by the (team, owner, company)
// unique index, so memory stays flat and no statement stays open while the output drains.
// The CSV's headers are import aliases: it re-imports to the same pipeline.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { DealSqlRow } from '../db/deals.js';
import type { Store } from '../db/index.js';

export const EXPORT_COLUMNS = [
  'dealcoach_id',
  'external_id',
  'team_id',
  'owner_id',
  'company',
  'contact_name',
  'contact_email',
  'greet_as',
  'value',
  'currency',
  'stage',
  'forecast',
  'state',
  'goal',
  'created_at',
  'last_reply_at',
  'last_touch_at',
  'last_activity_at',
  'snoozed_until',
  'follow_up_on',
  'closed_at',
  'lost_reason',
  'open_commitment',
  'open_commitment_due',
  'activities',
  'last_episode_started_at',
  'last_episode_reason',
  'last_episode_steps_done',
  'last_episode_fired_at',
  'last_episode_ended_at',
  'last_episode_outcome',
  'updated_at',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * One exported deal: strings for text and ISO instants, numbers for counts and the value (major units), null when
 * empty.
 */
export type ExportedDeal = Record<ExportColumn, string | number | null>;

export interface ExportOptions {
  /** One workspace; all when absent. */
  teamId?: string | null;
  /** Rows read per query. */
  pageSize?: number;
}

/** A deal as the page query returns it: the raw row plus the counts and history the export adds. */
interface Row extends DealSqlRow {
  activities: number;
  commitment_text: string | null;
  commitment_due: string | null;
  ep_started: number | null;
  ep_reason: string | null;
  ep_steps: number | null;
  ep_fired: number | null;
  ep_ended: number | null;
  ep_outcome: string | null;
}

function pageQuery(byTeam: boolean): string {
  return (
    `
    SELECT d.id, d.external_id, d.team_id, d.owner_id, d.company, d.company_key, d.contact_name, d.contact_email,
           d.greet_as, d.value_minor, d.currency, d.stage, d.forecast, d.state, d.prospect_goal, d.created_at,
           d.last_inbound_at, d.last_outbound_at, d.last_activity_at, d.snoozed_until, d.follow_up_on, d.closed_at, ` +
    `d.lost_reason, d.updated_at,
           (SELECT count(*) FROM activities a WHERE a.deal_id = d.id) AS activities,
           c.text AS commitment_text, c.due_on AS commitment_due,
           e.started_at AS ep_started, e.reason AS ep_reason, e.steps_done AS ep_steps, e.fired_at AS ep_fired,
           e.ended_at AS ep_ended, e.outcome AS ep_outcome
    FROM deals d
    LEFT JOIN commitments c ON c.id = (
      SELECT id FROM commitments WHERE deal_id = d.id AND status = 'open' ORDER BY due_on, id LIMIT 1)
    LEFT JOIN silence_episodes e ON e.id = (
      SELECT id FROM silence_episodes WHERE deal_id = d.id ORDER BY started_at DESC, id DESC LIMIT 1)
    WHERE ${byTeam ? 'd.team_id = @team AND ' : ''}(d.team_id, d.owner_id, d.company_key) > (@t, @o, @k)
    ORDER BY d.team_id, d.owner_id, d.company_key
    LIMIT @limit`
  );
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toExported(r: Row): ExportedDeal {
  return {
    dealcoach_id: r.id,
    external_id: r.external_id,
    team_id: r.team_id,
    owner_id: r.owner_id,
    company: r.company,
    contact_name: r.contact_name,
    contact_email: r.contact_email,
    greet_as: r.greet_as,
    value: r.value_minor === null ? null : r.value_minor / 100,
    currency: r.currency,
    stage: r.stage,
    forecast: r.forecast,
    state: r.state,
    goal: r.prospect_goal,
    created_at: iso(r.created_at),
    last_reply_at: iso(r.last_inbound_at),
    last_touch_at: iso(r.last_outbound_at),
    last_activity_at: iso(r.last_activity_at),
    snoozed_until: iso(r.snoozed_until),
    follow_up_on: r.follow_up_on,
    closed_at: iso(r.closed_at),
    lost_reason: r.lost_reason,
    open_commitment: r.commitment_text,
    open_commitment_due: r.commitment_due,
    activities: r.activities,
    last_episode_started_at: iso(r.ep_started),
    last_episode_reason: r.ep_reason,
    last_episode_steps_done: r.ep_steps,
    last_episode_fired_at: iso(r.ep_fired),
    last_episode_ended_at: iso(r.ep_ended),
    last_episode_outcome: r.ep_outcome,
    updated_at: iso(r.updated_at),
  };
}

/** Every deal (of one team, or all), ordered by team, owner and company. */
export function* exportRows(store: Store, options: ExportOptions = {}): Generator<ExportedDeal> {
  const statement = store.sqlite.prepare(pageQuery(Boolean(options.teamId)));
  const limit = options.pageSize ?? 1000;
  let cursor = { t: '', o: '', k: '' };
  for (;;) {
    const rows = statement.all({ ...cursor, limit, ...(options.teamId ? { team: options.teamId } : {}) }) as Row[];
    for (const row of rows) yield toExported(row);
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!;
    cursor = { t: last.team_id, o: last.owner_id, k: last.company_key };
  }
}

/**
 * A cell as CSV text. Amounts in major units with a dot ("50000", "1200.50"). Text that a
 * spreadsheet would run as a formula (= + - @ first) gets a leading apostrophe, which the import
 * takes off again.
 */
export function csvCell(column: ExportColumn, value: string | number | null): string {
  if (value === null) return '';
  if (column === 'value' && typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsvRecord(deal: ExportedDeal): string[] {
  return EXPORT_COLUMNS.map((column) => csvCell(column, deal[column]));
}

export interface WriteExportOptions extends ExportOptions {
  format: 'csv' | 'json';
  output: Writable;
  /** End the output when done (a file); leave it open for stdout. Default false. */
  end?: boolean;
  /** For the JSON document's header. */
  now?: Date;
}

/** Writes the export to a stream, honouring back-pressure. */
export async function exportDeals(store: Store, options: WriteExportOptions): Promise<{ deals: number }> {
  const { output } = options;
  let deals = 0;
  const write = async (chunk: string) => {
    if (!output.write(chunk)) await once(output, 'drain');
  };
  if (options.format === 'json') {
    const head = {
      exportedAt: (options.now ?? new Date()).toISOString(),
      teamId: options.teamId ?? null,
      columns: EXPORT_COLUMNS,
    };
    await write(`${JSON.stringify(head).slice(0, -1)},"deals":[`);
    for (const deal of exportRows(store, options)) {
      await write(`${deals === 0 ? '\n' : ',\n'}${JSON.stringify(deal)}`);
      deals++;
    }
    await write(`\n],"count":${deals}}\n`);
  } else {
    // Loaded on the first export, not at start-up.
    const { stringify } = await import('csv-stringify');
    const stringifier = stringify({ header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'unix' });
    stringifier.pipe(output, { end: false });
    for (const deal of exportRows(store, options)) {
      if (!stringifier.write(toCsvRecord(deal))) await once(stringifier, 'drain');
      deals++;
    }
    const ended = once(stringifier, 'end');
    stringifier.end();
    await ended;
  }
  if (options.end) {
    const finished = once(output, 'finish');
    output.end();
    await finished;
  }
  return { deals };
}
