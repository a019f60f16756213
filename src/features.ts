// Wiring of feature modules into the CLI and the console, kept in one place.
import type { Config } from './config.js';
import type { ConsoleExtension } from './console/index.js';
import type { Drafter } from './coach/types.js';

export function consoleExtensions(): ConsoleExtension[] {
  return [];
}

export function createDrafterFromConfig(_config: Config): Drafter | undefined {
  return undefined;
}
