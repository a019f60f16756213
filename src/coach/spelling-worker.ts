// The spell checker in its own thread: building Hunspell's dictionary is half a second of CPU that
// would otherwise stop the bot's event loop (spelling.ts; spelling-client.ts asks this worker).
import { parentPort } from 'node:worker_threads';
import { findTypos, loadSpeller } from './spelling.js';

export interface SpellRequest {
  id: number;
  text: string;
  names: string[];
}

parentPort!.on('message', async (request: SpellRequest) => {
  const spell = await loadSpeller();
  parentPort!.postMessage({ id: request.id, typos: spell ? findTypos(spell, request.text, request.names) : [] });
});
