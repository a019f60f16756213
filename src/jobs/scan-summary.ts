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
  const deferred = result.deferred
    ? [`  ${plural(result.deferred, 'deal')} left for the next scan (a rep with more due than one batch holds).`]
    : [];
  return [
    `${when}${dryRun}: ${plural(result.decisions.length, 'decision')}, ${plural(result.queued, 'DM')} queued.`,
    ...lines,
    ...deferred,
  ].join('\n');
}
