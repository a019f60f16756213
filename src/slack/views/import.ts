// Block Kit for the CSV import report sent in the DM: a pure function of the report. Long lists of
// rejected rows are cut to fit Slack's limits (50 blocks, 3000 characters a section) with a count.
import type { ImportProgress, ImportReport } from '../../services/csv-import.js';
import {
  clip,
  context,
  esc,
  fields,
  header,
  LIMITS,
  message,
  MESSAGE_TEXT_BUDGET,
  section,
  type Block,
  type BotMessage,
} from '../blocks.js';

/** Rejected rows listed in the DM; the rest are counted. */
export const REJECTS_SHOWN = 25;
/** Full sections of rejected rows that fit the message budget with the report's head and the count after them. */
const MAX_REJECT_SECTIONS = Math.floor((MESSAGE_TEXT_BUDGET - 1000) / LIMITS.sectionText);
const REASON_CHARS = 400;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface ImportViewOptions {
  fileName: string;
  rejectsShown?: number;
}

/** The reply after a CSV upload: outcome, counts, the rejected rows with their line numbers, notes. */
export function importReportMessage(report: ImportReport, options: ImportViewOptions): BotMessage {
  const name = esc(options.fileName);
  const blocks: Block[] = [header(`${report.dryRun ? 'Dry run' : 'Import'}: ${options.fileName}`)];
  if (report.error) {
    blocks.push(section(`:warning: Nothing was imported from *${name}*.\n${esc(report.error)}`));
    blocks.push(context('Fix the file and upload it here again. `/deal help` lists the commands.'));
    return message(`Nothing was imported from ${options.fileName}: ${report.error}`, blocks);
  }
  if (report.interrupted) return interruptedMessage(report, options);
  const blocked = !report.committed && !report.dryRun;
  const leftOut =
    ` ${plural(report.rejected, 'row')} with problems ` + `${report.rejected === 1 ? 'was' : 'were'} left out.`;
  const outcome = report.dryRun
    ? `:mag: Dry run of *${name}*: nothing was written. This is what an import would do.`
    : report.committed
      ? `:white_check_mark: Imported *${name}*.` + `${report.rejected ? leftOut : ''}`
      : `:warning: Nothing was imported from *${name}*: ${plural(report.rejected, 'row has', 'rows have')} problems. ` +
        `Fix ${report.rejected === 1 ? 'it' : 'them'} and upload the file again, ` +
        `or upload it with the comment \`skip invalid\` to import the other rows.`;
  blocks.push(section(outcome));
  blocks.push(
    fields([
      `*${report.committed ? 'New deals' : 'Would be new'}*\n${report.imported}`,
      `*${report.committed ? 'Updated' : 'Would be updated'}*\n${report.updated}`,
      `*Unchanged*\n${report.unchanged}`,
      `*Skipped (empty)*\n${report.skipped}`,
      `*Rejected*\n${report.rejected}`,
      `*Rows read*\n${report.rows}`,
    ]),
  );
  if (report.rejected > 0) blocks.push(...rejectBlocks(report, options.rejectsShown ?? REJECTS_SHOWN));
  if (report.stageGuesses.length) {
    const guesses = report.stageGuesses
      .slice(0, 20)
      .map((g) => `"${esc(g.from)}" → ${g.to} (${plural(g.rows, 'row')})`);
    const more = report.stageGuesses.length > 20 ? `, and ${report.stageGuesses.length - 20} more` : '';
    blocks.push(
      context(clip(`Stages read by approximation, please check: ${guesses.join(', ')}${more}.`, LIMITS.sectionText)),
    );
  }
  for (const note of report.notes.slice(0, 5)) blocks.push(context(esc(note)));
  if (report.dryRun && report.rejected === 0)
    blocks.push(context('Upload the file again without `dry run` to import it.'));
  const text = report.dryRun
    ? `Dry run of ${options.fileName}: ${report.imported} new, ${report.updated} updated, ${report.rejected}` +
      ` rejected. Nothing was written.`
    : blocked
      ? `Nothing was imported from ${options.fileName}: ${plural(report.rejected, 'row has', 'rows have')} problems.`
      : `Imported ${options.fileName}: ${report.imported} new, ${report.updated} updated, ${report.unchanged}` +
        ` unchanged, ${report.skipped} skipped, ${report.rejected} rejected.`;
  return message(text, blocks);
}

const count = (n: number) => n.toLocaleString('en-US');

/** The write pass stopped part-way: what is saved, what is not, and how to finish. */
function interruptedMessage(report: ImportReport, options: ImportViewOptions): BotMessage {
  const name = esc(options.fileName);
  const blocks: Block[] = [header(`Import: ${options.fileName}`)];
  const reason = esc(report.interrupted ?? '');
  if (report.rowsWritten === 0) {
    blocks.push(section(`:warning: Nothing was imported from *${name}*: ${reason}. Please send the file again.`));
    return message(`Nothing was imported from ${options.fileName}: ${report.interrupted}.`, blocks);
  }
  const left = report.rowsToWrite - report.rowsWritten;
  blocks.push(
    section(
      `:warning: The import of *${name}* stopped part-way: ${reason}. ${count(report.rowsWritten)} of ` +
        `${count(report.rowsToWrite)} rows are saved; the other ${count(left)} are not. Send the same file again to ` +
        `finish: the rows already saved are recognised and left as they are.`,
    ),
  );
  blocks.push(
    fields([
      `*New deals saved*\n${report.imported}`,
      `*Updated*\n${report.updated}`,
      `*Unchanged*\n${report.unchanged}`,
      `*Not saved yet*\n${left}`,
    ]),
  );
  if (report.rejected > 0) blocks.push(...rejectBlocks(report, options.rejectsShown ?? REJECTS_SHOWN));
  for (const note of report.notes.slice(0, 5)) blocks.push(context(esc(note)));
  return message(
    `The import of ${options.fileName} stopped part-way: ${report.rowsWritten} of ${report.rowsToWrite} rows are ` +
      `saved, ${left} are not. Send the same file again to finish.`,
    blocks,
  );
}

/** Said in the DM when an import takes more than a moment: how far it is, and that the report follows. */
export function importWorkingMessage(fileName: string, progress: ImportProgress | null, dryRun: boolean): BotMessage {
  const name = esc(fileName);
  const where =
    progress === null
      ? 'downloading it from Slack'
      : progress.phase === 'checking'
        ? `checking its rows (${count(progress.rowsChecked)} so far)`
        : `saving its rows (${count(progress.rowsWritten)} of ${count(progress.rowsToWrite)} so far)`;
  const promise = dryRun ? 'Nothing will be written (dry run).' : 'Nothing is saved until every row has been checked.';
  const text = `Working on ${fileName}: ${where}. I'll post the report here when it is done.`;
  return message(text, [
    section(`:hourglass_flowing_sand: Working on *${name}*: ${where}. I'll post the report here when it is done.`),
    context(promise),
  ]);
}

function rejectBlocks(report: ImportReport, shown: number): Block[] {
  const lines = report.rejects.slice(0, shown).map((r) => {
    const company = r.company ? ` (${esc(clip(r.company, 60))})` : '';
    return `• *Line ${r.line}*${company}: ${esc(clip(r.reason, REASON_CHARS))}`;
  });
  const blocks: Block[] = [];
  let current = '*Rows with problems* (line numbers as in the file; the header is line 1):';
  let listed = 0;
  for (const line of lines) {
    if (current.length + 1 + line.length > LIMITS.sectionText - 50) {
      if (blocks.length === MAX_REJECT_SECTIONS - 1) break;
      blocks.push(section(current));
      current = line;
    } else current += `\n${line}`;
    listed++;
  }
  blocks.push(section(current));
  const notShown = report.rejected - listed;
  if (notShown > 0) {
    blocks.push(
      context(
        `…and ${plural(notShown, 'more row')} with problems not shown. \`dealcoach import --dry-run <file>\` lists ` +
          `them all.`,
      ),
    );
  }
  return blocks;
}

/** A problem with the upload itself (not CSV, too large, download failed). */
export function importProblemMessage(problem: string): BotMessage {
  return message(problem, [
    section(`:warning: ${esc(problem)}`),
    context('Nothing was imported. DM me a CSV file (up to 20 MB) to import deals.'),
  ]);
}

/** What `/deal import` (and a DM without a file) can answer: how to import. */
export function importHelpMessage(): BotMessage {
  const lines = [
    '*Import your pipeline from a CSV file*',
    '1. Export your deals from your CRM or spreadsheet as CSV (HubSpot, Pipedrive and Salesforce exports work as ' +
      'they are).',
    '2. Send the file to me in this DM (drag it in). Rows without an owner become yours; a manager can assign rows ' +
      'with an *Owner* column (Slack id or email).',
    '3. I reply with what was imported, updated and skipped, and every row with a problem by its line number. A file ' +
      'with problems imports nothing, so you can fix it and send it again.',
    'Add the comment `dry run` to check a file without importing, or `skip invalid` to import the good rows and ' +
      'leave out the rest.',
  ];
  return message('Import deals: send me a CSV file in this DM.', [section(lines.join('\n'))]);
}
