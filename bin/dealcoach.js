#!/usr/bin/env node
// Runs the compiled bot from dist/ (npm ci builds it: the `prepare` script), else the TypeScript
// sources through tsx's loader (development). Sources newer than the build, or
// DEALCOACH_FROM_SOURCE=1 (the tests set it), also run the sources: never a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
const sources = new URL('../src/', import.meta.url);

/** The newest modification time under a folder (src/ is a few hundred files: a millisecond or two). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function useCompiled() {
  if (process.env.DEALCOACH_FROM_SOURCE === '1' || !existsSync(compiled)) return false;
  if (!existsSync(sources)) return true;
  // Quietly: stderr is part of the CLI's contract (scripts check it is empty).
  return newest(sources.pathname) <= statSync(compiled).mtimeMs;
}

if (useCompiled()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
