// The bot logs each scheduled scan in words; the bench reads the same line back to know the scan ran.
import { expect, it } from 'vitest';
import { SCAN_RUN_LINE, scanRunLine } from '../../src/jobs/scheduler.js';

it('reads back every scan line the scheduler writes, singular or plural, with or without digests', () => {
  const cases: Array<[number, number, number, number]> = [
    [1, 1, 0, 1],
    [616, 284, 0, 284],
    [0, 0, 3, 0],
    [12_345, 1_000, 1, 998],
  ];
  for (const [decisions, queued, digests, sent] of cases) {
    const line = scanRunLine('Thu, Dec 31 23:45', decisions, queued, digests, { sent, retrying: 2, failed: 0 });
    const match = line.match(SCAN_RUN_LINE);
    expect(match, line).not.toBeNull();
    expect(match!.slice(1, 4).map(Number)).toEqual([decisions, queued, sent]);
  }
  expect('full scan Thu, Dec 31 23:45: 3 deals were due but not marked due').not.toMatch(SCAN_RUN_LINE);
});
