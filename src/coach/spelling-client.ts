// Asks the spelling worker (spelling-worker.ts) for likely typos. The worker starts on the first
// question and is let go after SPELLER_IDLE_MS without one, so an idle bot holds no dictionary; an
// answer that does not come (the worker still building, or gone) is no hints, never an error.
import { Worker } from 'node:worker_threads';
import { mayHaveTypos, type Typo } from './spelling.js';

/** How long the worker lives without a question. */
export const SPELLER_IDLE_MS = 10 * 60_000;

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 0;
const waiting = new Map<number, (typos: Typo[]) => void>();

function settleAll(): void {
  for (const resolve of waiting.values()) resolve([]);
  waiting.clear();
}

function start(): Worker {
  // Compiled (dist/), the worker is plain JavaScript; from the sources it needs the tsx loader first.
  const entry = import.meta.url.endsWith('.js') ? './spelling-worker.js' : './spelling-worker-boot.js';
  const started = new Worker(new URL(entry, import.meta.url));
  started.on('message', (reply: { id: number; typos: Typo[] }) => {
    waiting.get(reply.id)?.(reply.typos);
    waiting.delete(reply.id);
    if (waiting.size === 0) started.unref();
  });
  const gone = () => {
    if (worker === started) worker = null;
    settleAll();
  };
  started.on('error', gone);
  started.on('exit', gone);
  return started;
}

/** At most three likely typos in `text`, in order; `names` (company, contact) are never flagged. */
export function likelyTypos(text: string | null | undefined, names: readonly string[] = []): Promise<Typo[]> {
  if (!mayHaveTypos(text)) return Promise.resolve([]);
  worker ??= start();
  if (idle) clearTimeout(idle);
  idle = setTimeout(stopSpeller, SPELLER_IDLE_MS);
  idle.unref();
  const id = ++nextId;
  const asked = worker;
  // A question waiting keeps the process alive (the CLI waits for its answer); an idle worker never does.
  asked.ref();
  return new Promise<Typo[]>((resolve) => {
    waiting.set(id, resolve);
    asked.postMessage({ id, text, names: [...names] });
  });
}

/** Starts the worker and waits until its dictionary is built (tests; a warm start). */
export async function warmSpeller(): Promise<void> {
  await likelyTypos('warm up the spelling dictionery');
}

/** Lets the worker go (idle, or the process stopping). */
export function stopSpeller(): void {
  const current = worker;
  worker = null;
  if (idle) clearTimeout(idle);
  idle = null;
  settleAll();
  void current?.terminate();
}
