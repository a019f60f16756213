// A scan's result as a person reads it (the CLI and the console's :scan), times in their zone.
import { formatInstant } from '../domain/dates.js';
import { plural } from '../domain/silence.js';
import type { ScanResult } from './scan.js';

export function describeScan(result: ScanResult, zone: string): string {
  const at = new Date(result.at);
  const when = `Scan at ${formatInstant(at, at, zone)} (${zone})`;
  if (result.decisions.length === 0) return `${when}: nothing due (${plural(result.candidates, 'deal')} looked at).`;
  const lines = result.decisions.map((d) => {
    const step = d.step ? ` step ${d.step}` : '';
    return `  #${d.dealId} ${d.company} (${d.ownerId}, ${d.state}) ${d.action}${step}: ${d.why}`;
  });
  const dryRun = result.dryRun ? ' (dry run: nothing written)' : '';
  return [
    `${when}${dryRun}: ${plural(result.decisions.length, 'decision')}, ${plural(result.queued, 'DM')} queued.`,
    ...lines,
  ].join('\n');
}
