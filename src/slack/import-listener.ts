// `/deal import` without a modal: a rep or manager sends a CSV file to the bot in a DM; the bot
// downloads it with its token, runs the same import as `dealcoach import --owner <uploader>`, and
// replies in the DM with the report. Thin: download, call the service, render the view. The import
// checks and writes in slices with the event loop turning between them, so other reps' commands are
// answered meanwhile; when it takes longer than a moment the DM says it is working, then the report.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.js';
import { resolveActor, type AppContext } from '../services/context.js';
import { importCsv, type ImportOptions, type ImportProgress } from '../services/csv-import.js';
import { DOWNLOAD_TIMEOUT_MS, MAX_DOWNLOAD_REDIRECTS } from './timeouts.js';
import { visibleOwners } from '../services/teams.js';
import { teamCurrency } from '../services/team-settings.js';
import { slackDirectory } from './directory.js';
import { fromSlack, type BotMessage } from './blocks.js';
import { importProblemMessage, importReportMessage, importWorkingMessage } from './views/import.js';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** After this long without a report, the DM says the import is under way (and how far it is). */
export const WORKING_NOTICE_MS = 2_000;
const UPLOAD_ACTION = 'slack_csv_upload';

interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export interface Upload {
  teamId: string;
  userId: string;
  channel: string;
  fileId: string;
  /** The comment typed with the file: "dry run", "skip invalid". */
  comment: string;
}

export interface ImportListenerOptions {
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Whole download, first byte to last (default DOWNLOAD_TIMEOUT_MS). */
  downloadTimeoutMs?: number;
  /**
   * Where the bot token may go, checked for the file's URL and again on every redirect (default: Slack's
   * file hosts over https, or the Web API's own origin). Tests name their loopback servers here.
   */
  trustedFileUrl?: (url: string) => boolean;
  /** How long before the "working on it" message (default WORKING_NOTICE_MS). */
  workingNoticeMs?: number;
}

/** Options typed with the file: `dry run` (or `check only`) and `skip invalid`. */
export function uploadFlags(comment: string): { dryRun: boolean; skipInvalid: boolean } {
  return {
    dryRun: /\b(?:dry[\s-]?run|check[\s-]only)\b/i.test(comment),
    skipInvalid: /\bskip[\s-]?(?:invalid|errors?|bad(?:\s+rows)?)\b/i.test(comment),
  };
}

/** Whether files.info describes a CSV file; otherwise, what to tell the uploader. */
export function csvProblem(file: SlackFile): string | null {
  const name = file.name ?? file.title ?? 'That file';
  const type = (file.filetype ?? '').toLowerCase();
  const isCsv = type === 'csv' || /\.csv$/i.test(file.name ?? '') || /^text\/csv\b/i.test(file.mimetype ?? '');
  if (!isCsv) {
    if (['xlsx', 'xls', 'xlsm', 'ods'].includes(type) || /\.(xlsx?|xlsm|ods)$/i.test(file.name ?? '')) {
      return (
        `${name} is a spreadsheet, not a CSV file. Save it as CSV (File → Save as → CSV UTF-8) and send that ` + `file.`
      );
    }
    if (type === 'gsheet')
      return `${name} is a Google Sheet: use File → Download → Comma-separated values (.csv) and send that file.`;
    return `${name} is not a CSV file${type ? ` (Slack says ${type})` : ''}. I can import deals from .csv files only.`;
  }
  if ((file.size ?? 0) > MAX_IMPORT_BYTES) {
    return (
      `${name} is ${(file.size! / 1024 / 1024).toFixed(1)} MB: the limit is 20 MB. Split it, or import it with ` +
      `\`dealcoach import\` on the server.`
    );
  }
  return null;
}

/** The bot token goes only to Slack's own file hosts (or to the Web API host in use, for GovSlack and tests). */
export function trustedDownloadUrl(url: string, apiUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (apiUrl) {
    try {
      if (new URL(apiUrl).origin === target.origin) return true;
    } catch {
      // fall through to the Slack hosts
    }
  }
  return (
    target.protocol === 'https:' && /(?:^|\.)(?:slack\.com|slack-gov\.com|slack-edge\.com)$/i.test(target.hostname)
  );
}

export function registerImportListeners(app: App, ctx: AppContext, options: ImportListenerOptions = {}): void {
  // Subscribed with `message.im` (the manifests' only event for this): a file sent in the DM arrives
  // as a message with subtype file_share. `file_shared` is not subscribed, so it is not listened for.
  app.event('message', async ({ event, client, context, logger }) => {
    const e = event as unknown as {
      subtype?: string;
      channel_type?: string;
      channel?: string;
      user?: string;
      bot_id?: string;
      text?: string;
      team?: string;
      files?: SlackFile[];
    };
    if (
      e.subtype !== 'file_share' ||
      e.channel_type !== 'im' ||
      !e.user ||
      !e.channel ||
      e.bot_id ||
      e.user === context.botUserId
    )
      return;
    const teamId = context.teamId ?? e.team ?? '';
    for (const file of e.files ?? []) {
      if (!file.id) continue;
      await handleUpload(
        ctx,
        client,
        context.botToken ?? client.token,
        { teamId, userId: e.user, channel: e.channel, fileId: file.id, comment: fromSlack(e.text ?? '') },
        options,
        logger,
      );
    }
  });
}

type Logger = { info(message: string): void; warn(message: string): void; error(message: string): void };

async function handleUpload(
  ctx: AppContext,
  client: WebClient,
  token: string | undefined,
  upload: Upload,
  options: ImportListenerOptions,
  logger: Logger,
): Promise<void> {
  // Slack retries slow deliveries: import each file once.
  if (!(await claimUpload(ctx, upload))) return;
  const reply = async (message: BotMessage) => {
    try {
      await client.chat.postMessage({ channel: upload.channel, text: message.text, blocks: message.blocks });
    } catch (error) {
      logger.warn(`could not send the import report to ${upload.userId}: ${(error as Error).message}`);
    }
  };
  try {
    const info = await client.files.info({ file: upload.fileId });
    const file = info.file as SlackFile | undefined;
    if (!file) return reply(importProblemMessage('I could not read that file from Slack. Please send it again.'));
    const problem = csvProblem(file);
    if (problem) return reply(importProblemMessage(problem));
    const url = file.url_private_download ?? file.url_private;
    const trusted = options.trustedFileUrl ?? ((target: string) => trustedDownloadUrl(target, client.slackApiUrl));
    if (!url || !token || !trusted(url)) {
      return reply(importProblemMessage('I could not download that file from Slack. Please send it again.'));
    }
    const actor = await resolveActor(ctx, upload.teamId, upload.userId, slackDirectory(client));
    const flags = uploadFlags(upload.comment);
    // A large file takes seconds: after a moment, say so (once), and post the report after that message.
    let progress: ImportProgress | null = null;
    let working: Promise<void> | null = null;
    const notice = setTimeout(() => {
      working = reply(importWorkingMessage(file.name ?? 'the file', progress, flags.dryRun));
    }, options.workingNoticeMs ?? WORKING_NOTICE_MS);
    const answer = async (message: BotMessage) => {
      clearTimeout(notice);
      await working;
      await reply(message);
    };
    // The whole file first (bounded in time and size), then the import.
    const downloaded = await downloadFile(
      options.fetch ?? fetch,
      url,
      token,
      trusted,
      options.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS,
    ).catch((error: unknown) => {
      clearTimeout(notice);
      throw error;
    });
    if (!downloaded.ok)
      return answer(importProblemMessage(downloaded.problem.replace('{file}', file.name ?? 'the file')));
    progress = { phase: 'checking', rowsChecked: 0, rowsWritten: 0, rowsToWrite: 0 };
    const report = await importCsv(ctx.store, Readable.from([downloaded.bytes]), {
      progress,
      teamId: upload.teamId,
      defaultOwner: upload.userId,
      // A rep imports their own deals, a manager their team's, an admin anyone's.
      ...importScope(ctx, upload),
      dryRun: flags.dryRun,
      skipInvalid: flags.skipInvalid,
      zone: actor.zone,
      // Amounts without a currency (no currency column, none written) are in the uploader's team's currency.
      defaultCurrency: teamCurrency(ctx.store.db, upload.teamId, upload.userId),
      now: ctx.clock.now(),
      actorId: upload.userId,
      source: file.name ?? 'the uploaded file',
      lookupEmail: async (_teamId, email) => {
        const found = await client.users.lookupByEmail({ email });
        return found.user?.id ?? null;
      },
    }).catch((error: unknown) => {
      clearTimeout(notice);
      throw error;
    });
    logger.info(
      `CSV import by ${upload.teamId}/${upload.userId} of ${file.name}: ${report.imported} new, ${report.updated}` +
        ` updated, ${report.rejected} rejected, committed ${report.committed}` +
        (report.interrupted
          ? `, stopped after ${report.rowsWritten} of ${report.rowsToWrite} rows: ${report.interrupted}`
          : ''),
    );
    await answer(importReportMessage(report, { fileName: file.name ?? 'the file' }));
  } catch (error) {
    logger.error(
      `CSV import of ${upload.fileId} for ${upload.teamId}/${upload.userId} failed: ${(error as Error).message}`,
    );
    await reply(
      importProblemMessage('Something went wrong on our side and nothing was imported. Please try again in a moment.'),
    );
  }
}

function importScope(ctx: AppContext, upload: Upload): Pick<ImportOptions, 'restrictToOwner' | 'allowedOwners'> {
  const owners = visibleOwners(ctx.store.db, upload.teamId, upload.userId);
  if (owners === 'all') return { restrictToOwner: null, allowedOwners: null };
  if (owners.size === 1) return { restrictToOwner: upload.userId, allowedOwners: null };
  return { restrictToOwner: null, allowedOwners: owners };
}

/** Records the upload once; false when this file was already taken (a retry, or the other event). */
function claimUpload(ctx: AppContext, upload: Upload): Promise<boolean> {
  return ctx.store.write((db) => {
    const seen = db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.teamId, upload.teamId),
          eq(auditEvents.action, UPLOAD_ACTION),
          eq(auditEvents.subject, upload.fileId),
        ),
      )
      .get();
    if (seen) return false;
    db.insert(auditEvents)
      .values({
        teamId: upload.teamId,
        actorId: upload.userId,
        action: UPLOAD_ACTION,
        subject: upload.fileId,
        at: ctx.clock.now(),
      })
      .run();
    return true;
  });
}

type Download = { ok: true; bytes: Buffer } | { ok: false; problem: string };

/** A redirect's Location against the URL that sent it; null when it is no URL at all. */
function resolveLocation(location: string, base: string): string | null {
  try {
    return new URL(location, base).toString();
  } catch {
    return null;
  }
}

/**
 * Downloads a file with the bot token: at most MAX_IMPORT_BYTES, within timeoutMs from the first byte
 * asked to the last, following at most MAX_DOWNLOAD_REDIRECTS redirects and only to URLs `trusted` accepts
 * (each hop checked before it is asked, so the token goes to trusted hosts only and nothing else is read).
 */
export async function downloadFile(
  fetchImpl: typeof fetch,
  url: string,
  token: string,
  trusted: (url: string) => boolean,
  timeoutMs: number,
): Promise<Download> {
  const signal = AbortSignal.timeout(timeoutMs);
  const tooSlow =
    `Slack took longer than ${Math.round(timeoutMs / 1000)} s to send {file}, so nothing was imported. ` +
    `Please send it again.`;
  let target = url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(target, {
        headers: { Authorization: `Bearer ${token}` },
        redirect: 'manual',
        signal,
      });
      if (response.status >= 300 && response.status < 400) {
        const next = response.headers.get('location');
        await response.body?.cancel();
        const resolved = next ? resolveLocation(next, target) : null;
        if (!resolved || !trusted(resolved)) {
          const where = resolved ? ` (${new URL(resolved).host})` : '';
          return {
            ok: false,
            problem:
              `Slack sent me somewhere other than its file servers${where} for {file}, so I did not download it ` +
              'and nothing was imported. Please send it again.',
          };
        }
        if (hop >= MAX_DOWNLOAD_REDIRECTS) {
          return {
            ok: false,
            problem:
              `Slack redirected {file} more than ${MAX_DOWNLOAD_REDIRECTS} times, so I stopped and nothing was ` +
              'imported. Please send it again.',
          };
        }
        target = resolved;
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return {
          ok: false,
          problem: `Slack would not let me download {file} (HTTP ${response.status}). Please send it again.`,
        };
      }
      if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
        await response.body.cancel();
        // What Slack sends instead of the file when the app lacks the files:read scope.
        return {
          ok: false,
          problem:
            'Slack sent me a web page instead of the file: the app needs the files:read scope. Ask your Slack admin ' +
            'to reinstall dealcoach.',
        };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of Readable.fromWeb(response.body as unknown as WebReadableStream)) {
        size += (chunk as Buffer).length;
        if (size > MAX_IMPORT_BYTES) {
          await response.body.cancel().catch(() => undefined);
          return {
            ok: false,
            problem:
              `{file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it, or import it with ` +
              `\`dealcoach import\` on the server.`,
          };
        }
        chunks.push(chunk as Buffer);
      }
      return { ok: true, bytes: Buffer.concat(chunks) };
    }
  } catch (error) {
    if (signal.aborted) return { ok: false, problem: tooSlow };
    throw error;
  }
}
