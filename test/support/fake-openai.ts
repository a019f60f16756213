// A local OpenAI-compatible server for tests: POST /v1/chat/completions on 127.0.0.1, a free port.
// It records every request and answers from a queue of scripted replies (then a default), so a
// test can make the model succeed, fail with a status, hang past the client's timeout, return
// JSON that fails the schema, or refuse.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDraft {
  subject: string;
  body: string;
  voicemail: string | null;
}

export type FakeReply =
  /** A well-formed structured answer. */
  | { kind: 'draft'; draft: FakeDraft; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** An HTTP error; retry-after-ms is set tiny so SDK retries don't wait on the wall clock. */
  | { kind: 'status'; status: number; message?: string }
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  /** Raw assistant content, e.g. JSON that does not match the schema, or not JSON at all. */
  | { kind: 'content'; content: string }
  /** A structured-output refusal. */
  | { kind: 'refuse'; refusal?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (null when it was not JSON). */
  body: any;
}

export interface FakeOpenAI {
  /** Pass as baseURL to the OpenAI client. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queue replies for the next requests, in order. */
  reply(...replies: FakeReply[]): void;
  /** The reply once the queue is empty. */
  setDefault(reply: FakeReply): void;
  close(): Promise<void>;
}

export const DEFAULT_USAGE = { prompt_tokens: 321, completion_tokens: 123 };

function completionBody(model: string, message: Record<string, unknown>, usage = DEFAULT_USAGE, n = 0) {
  return {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeOpenAI(defaultReply: FakeReply = { kind: 'status', status: 500 }): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  let fallbackReply = defaultReply;

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });

    if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const reply = queue.shift() ?? fallbackReply;
    const model = String(body?.model ?? 'fake-model');
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));

    switch (reply.kind) {
      case 'hang':
        return; // the socket stays open until the client gives up or the server closes
      case 'status':
        return json(
          reply.status,
          { error: { message: reply.message ?? 'fake failure', type: 'server_error' } },
          { 'retry-after-ms': '1' },
        );
      case 'refuse':
        return json(
          200,
          completionBody(
            model,
            { content: null, refusal: reply.refusal ?? "I'm sorry, I can't help with that." },
            DEFAULT_USAGE,
            requests.length,
          ),
        );
      case 'content':
        return json(200, completionBody(model, { content: reply.content }, DEFAULT_USAGE, requests.length));
      case 'draft':
        return json(
          200,
          completionBody(
            model,
            { content: JSON.stringify(reply.draft) },
            reply.usage ?? DEFAULT_USAGE,
            requests.length,
          ),
        );
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    setDefault: (reply) => {
      fallbackReply = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // hung requests included
        server.close(() => resolve());
      }),
  };
}
