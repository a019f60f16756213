// Runs dealcoach as a user does: the real binary with environment variables only, or the console
// (runConsole) scripted through a stream, with its output captured.
import { spawn, spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { runConsole } from '../../src/console/index.js';
import type { Store } from '../../src/db/index.js';

export const BIN = new URL('../../bin/dealcoach.js', import.meta.url).pathname;

export interface BinOptions {
  /** Added to a bare environment (PATH only), so the host's variables never leak in. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
}

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

const environment = (env: BinOptions['env']) => ({ PATH: process.env.PATH, ...env });

/** `dealcoach <args>` in a child process; resolves when it exits. */
export function runBin(args: string[], options: BinOptions = {}): Promise<BinResult> {
  return spawnCollect(process.execPath, [BIN, ...args], options);
}

/** Any command (e.g. `npm run ...`) in a child process with a bare environment; resolves when it exits. */
export function spawnCollect(command: string, args: string[], options: BinOptions = {}): Promise<BinResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: environment(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The same, blocking: for runs that finish on their own (bad configuration, one-shot commands). */
export function runBinSync(args: string[], options: BinOptions = {}): BinResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: environment(options.env),
    input: options.input,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface ConsoleScript {
  store: Store;
  lines: string[];
  start: string | Date;
  teamId?: string;
  userId?: string;
  defaultZone?: string;
  json?: boolean;
  extra?: Partial<Parameters<typeof runConsole>[0]>;
}

/** Drives the local console with `lines` as typed input; returns what it printed. */
export async function runConsoleScript(script: ConsoleScript): Promise<{ out: string; err: string }> {
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (c) => (out += c));
  errors.on('data', (c) => (err += c));
  await runConsole({
    store: script.store,
    start: new Date(script.start),
    teamId: script.teamId ?? 'T1',
    userId: script.userId ?? 'U1',
    defaultZone: script.defaultZone ?? 'UTC',
    json: script.json ?? false,
    input: Readable.from(script.lines.map((l) => `${l}\n`)),
    output,
    errors,
    interactive: false,
    ...script.extra,
  });
  return { out, err };
}
