// The HTTP edge: what a request must look like before Bolt reads it, and what a payload must look like
// before a listener sees it. Bolt buffers the whole body (up to 4 MB by default) and only then checks the
// signature, which needs the body; so the signature headers and their timestamp are checked first, the
// body is capped at 1 MB (Slack's payloads are a few KB), and every field the listeners read is validated
// with zod: a forged payload gets 400, never a 500 or an error thrown inside a listener.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPReceiver, type App, type HTTPReceiverOptions } from '@slack/bolt';
import { z } from 'zod';

/** The largest request body read at all (Content-Length checked before reading, the stream while reading). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Slack's `ssl_check` probe is the one unsigned request: it is tiny. */
const MAX_UNSIGNED_BODY_BYTES = 1024;
/** Bolt refuses timestamps older than five minutes; refusing them before reading saves the read. */
const MAX_TIMESTAMP_SKEW_S = 5 * 60;

export class ForgedPayloadError extends Error {}

/** A Slack id (team, user, channel, file): never empty, so nothing is ever written under '' or to nobody. */
const id = z.string().min(1).max(64);
const optionalId = id.optional();
const optionalText = z.string().optional();
/** Where answers after the ack go: Slack sends one with every command and every press on a message. */
const responseUrl = z.url({ protocol: /^https?$/ }).max(2000);
/** What views.open needs: Slack sends one with every command and every press. */
const triggerId = z.string().min(1).max(200);
const actorFields = {
  user: z.looseObject({ id, team_id: optionalId }),
  team: z.looseObject({ id }).nullish(),
};
/** The workspace a press or a form belongs to: team.id, else user.team_id; the listeners write under it. */
const hasWorkspace = (payload: { team?: { id: string } | null; user: { team_id?: string } }) =>
  Boolean(payload.team?.id ?? payload.user.team_id);
const noWorkspace = { message: 'no team id (team.id or user.team_id)', path: ['team'] };

const slashCommand = z.looseObject({
  command: z.string().min(1),
  team_id: id,
  user_id: id,
  text: optionalText,
  // Without these the command would fail after its change is saved: the form cannot open, the answer cannot go.
  trigger_id: triggerId,
  response_url: responseUrl,
  channel_id: optionalId,
});

const blockActions = z
  .looseObject({
    type: z.literal('block_actions'),
    ...actorFields,
    trigger_id: triggerId,
    response_url: responseUrl.optional(),
    container: z.looseObject({ type: z.string() }).optional(),
    channel: z.looseObject({ id }).optional(),
    actions: z
      .array(
        z.looseObject({
          action_id: z.string().max(255),
          block_id: optionalText,
          value: z.string().max(2000).optional(),
        }),
      )
      .min(1),
  })
  .refine(hasWorkspace, noWorkspace)
  // A press on a message is answered through its response_url (only a Home tab or a form has none).
  .refine((p) => p.container?.type === 'view' || p.response_url !== undefined, {
    message: 'no response_url for a press on a message',
    path: ['response_url'],
  });

const inputValue = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
  selected_date: z.string().nullish(),
});
const viewSubmission = z
  .looseObject({
    type: z.literal('view_submission'),
    ...actorFields,
    view: z.looseObject({
      callback_id: z.string().max(255),
      private_metadata: z.string().max(3000).optional(),
      state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), inputValue)) }),
    }),
  })
  .refine(hasWorkspace, noWorkspace);

const eventFile = z.looseObject({
  id: optionalId,
  name: optionalText,
  title: optionalText,
  size: z.number().optional(),
});
const eventCallback = z.looseObject({
  // Every event is handled in this workspace (its users, its deals).
  team_id: id,
  event: z
    .looseObject({
      type: z.string(),
      user: optionalId,
      tab: optionalText,
      subtype: optionalText,
      channel_type: optionalText,
      bot_id: optionalId,
      text: optionalText,
      team: optionalId,
      file_id: optionalId,
      user_id: optionalId,
      channel_id: optionalId,
      channel: z.union([id, z.looseObject({ id })]).optional(),
      item: z.looseObject({}).optional(),
      files: z.array(eventFile).optional(),
    })
    // The App Home is published for its user: without one there is nobody to publish it for.
    .refine((e) => e.type !== 'app_home_opened' || e.user !== undefined, {
      message: 'app_home_opened without a user',
      path: ['user'],
    }),
});

/** What is wrong with a payload the listeners (and Bolt's routing) would read, or null when nothing is. */
export function payloadProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the payload is not an object';
  const fields = body as Record<string, unknown>;
  const schema =
    'event' in fields
      ? eventCallback
      : 'command' in fields
        ? slashCommand
        : fields.type === 'block_actions'
          ? blockActions
          : fields.type === 'view_submission'
            ? viewSubmission
            : z.looseObject({ type: z.string().optional(), actions: z.undefined().optional() });
  const result = schema.safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  return `${issue.path.join('.') || 'payload'}: ${issue.message}`;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

function refuse(res: ServerResponse, status: number, error: string): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ ok: false, error }));
}

/** Refuses, before a byte of the body is read, what could never pass Bolt's signature check or the cap. */
export function guardBeforeBuffering(inner: RequestListener, now: () => number = () => Date.now()): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST') return inner(req, res);
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (signature === undefined) {
      // Only ssl_check comes unsigned; Bolt refuses the rest after reading, so read little.
      if (!(length <= MAX_UNSIGNED_BODY_BYTES)) return refuse(res, 401, 'unsigned request');
      return inner(req, res);
    }
    if (typeof signature !== 'string' || !/^v0=[0-9a-f]{64}$/.test(signature))
      return refuse(res, 401, 'malformed signature');
    if (!Number.isFinite(timestamp) || Math.abs(now() / 1000 - timestamp) > MAX_TIMESTAMP_SKEW_S) {
      return refuse(res, 401, 'stale or missing timestamp');
    }
    if (length > MAX_REQUEST_BODY_BYTES) return refuse(res, 413, `body over ${MAX_REQUEST_BODY_BYTES} bytes`);
    return inner(req, res);
  };
}

const SOCKET_ENVELOPES = new Set(['events_api', 'slash_commands', 'interactive']);
const plainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with a Socket Mode message before the socket client reads it, or null. The client itself
 * reads `payload.event.type` of events_api envelopes and emits each envelope's `type` as an event name
 * (`error` would throw), so those are checked here; the payload's fields are checked by payloadProblem
 * when Bolt gets it. Text that is not JSON, hello and disconnect pass: the client handles them.
 */
export function socketEnvelopeProblem(raw: string): { problem: string; envelopeId: string | null } | null {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!plainObject(message)) return { problem: 'the message is not an object', envelopeId: null };
  if (message.type === 'hello' || message.type === 'disconnect') return null;
  const envelopeId =
    typeof message.envelope_id === 'string' && message.envelope_id.length <= 200 ? message.envelope_id : null;
  const refused = (problem: string) => ({ problem, envelopeId });
  if (typeof message.type !== 'string' || !SOCKET_ENVELOPES.has(message.type)) {
    return refused(`unknown envelope type ${JSON.stringify(message.type)?.slice(0, 40)}`);
  }
  if (!envelopeId) return refused('envelope_id: not a string');
  if (!plainObject(message.payload)) return refused('payload: not an object');
  if (message.type !== 'events_api') return null;
  const event = message.payload.event;
  if (!plainObject(event) || typeof event.type !== 'string') return refused('payload.event: not an event');
  if (event.type === 'error') return refused('payload.event.type: error');
  return null;
}

/** The app as the receiver sees it: each payload is validated before Bolt routes it. */
export function validatingApp(app: App): App {
  const processEvent: App['processEvent'] = async (event) => {
    const problem = payloadProblem(event.body);
    if (problem) throw new ForgedPayloadError(problem);
    return app.processEvent(event);
  };
  return new Proxy(app, {
    get(target, property) {
      if (property === 'processEvent') return processEvent;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Bolt's HTTP receiver with the checks above in front of it. */
export class EdgeHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions) {
    super({
      bodyLimit: MAX_REQUEST_BODY_BYTES,
      ...options,
      processEventErrorHandler: async (args) => {
        if (!(args.error instanceof ForgedPayloadError))
          return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
        args.logger.warn(`refused a payload: ${args.error.message}`);
        if (!args.response.headersSent) refuse(args.response, 400, 'invalid_payload');
        return false;
      },
    });
    this.requestListener = guardBeforeBuffering(this.requestListener);
  }

  override init(app: App): void {
    super.init(validatingApp(app));
  }
}
