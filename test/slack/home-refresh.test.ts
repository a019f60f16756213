// App Home refreshes wait a moment, group a rep's changes into one publish, go one at a time, and
// show the deals as they are when published; a failed publish is logged and holds nobody up.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { Actor, AppContext } from '../../src/services/context.js';
import { runDealCommand } from '../../src/services/deal-commands.js';
import type { HomeView } from '../../src/slack/blocks.js';
import { homeRefresher } from '../../src/slack/home-refresh.js';
import type { Messenger } from '../../src/slack/messenger.js';

const rep = (userId: string): Actor => ({ teamId: 'T1', userId, zone: 'Europe/Paris', role: 'rep' });

function recordingMessenger(fail: Set<string> = new Set()) {
  const published: Array<{ userId: string; text: string }> = [];
  const unused = async () => {
    throw new Error('not used by App Home refreshes');
  };
  const messenger: Messenger = {
    dm: unused,
    post: unused,
    update: unused,
    openModal: unused,
    async publishHome(_teamId, userId, view: HomeView) {
      if (fail.has(userId)) throw new Error('views.publish: invalid_blocks');
      published.push({ userId, text: JSON.stringify(view) });
    },
  };
  return { messenger, published };
}

let ctx: AppContext;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  ctx = { store: openStore(':memory:'), clock: new ManualClock('2026-12-02T10:00:00Z'), defaultZone: 'UTC' };
});
afterEach(() => {
  vi.useRealTimers();
  ctx.store.close();
});

it('publishes each rep once after the delay, in the order asked, with the deals as they are then', async () => {
  const { messenger, published } = recordingMessenger();
  const refresher = homeRefresher(250);
  await runDealCommand(ctx, rep('UAMELIE'), 'new Société Générale value 1.250.000,50 EUR');
  const done = [
    refresher.refresh(ctx, messenger, rep('UAMELIE'), () => undefined),
    refresher.refresh(ctx, messenger, rep('UBJORN'), () => undefined),
    refresher.refresh(ctx, messenger, rep('UAMELIE'), () => undefined),
  ];
  // A change made while the refresh waits is in what gets published.
  await runDealCommand(ctx, rep('UAMELIE'), 'new Zürcher Kantonalbank AG value 40k CHF');
  await vi.advanceTimersByTimeAsync(249);
  expect(published).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  await Promise.all(done);
  expect(published.map((p) => p.userId)).toEqual(['UAMELIE', 'UBJORN']);
  expect(published[0]!.text).toContain('Société Générale');
  expect(published[0]!.text).toContain('Zürcher Kantonalbank AG');
  expect(published[1]!.text).not.toContain('Société Générale');

  // Asked again later: published again (the first round is over).
  const again = refresher.refresh(ctx, messenger, rep('UBJORN'), () => undefined);
  await vi.advanceTimersByTimeAsync(250);
  await again;
  expect(published.map((p) => p.userId)).toEqual(['UAMELIE', 'UBJORN', 'UBJORN']);
});

it('logs a failed publish and goes on with the next rep', async () => {
  const { messenger, published } = recordingMessenger(new Set(['UCHLOE']));
  const refresher = homeRefresher(250);
  const lines: string[] = [];
  const failed = refresher.refresh(ctx, messenger, rep('UCHLOE'), (line) => lines.push(line));
  const fine = refresher.refresh(ctx, messenger, rep('UDMITRI'), (line) => lines.push(line));
  await vi.advanceTimersByTimeAsync(250);
  await expect(Promise.all([failed, fine])).resolves.toEqual([undefined, undefined]);
  expect(lines).toEqual(['could not refresh App Home for UCHLOE: views.publish: invalid_blocks']);
  expect(published.map((p) => p.userId)).toEqual(['UDMITRI']);
});

it('with no delay, publishes once the requests already waiting have run', async () => {
  const { messenger, published } = recordingMessenger();
  const refresher = homeRefresher(0);
  const done = refresher.refresh(ctx, messenger, rep('UEMEKA'), () => undefined);
  expect(published).toEqual([]);
  await done;
  expect(published.map((p) => p.userId)).toEqual(['UEMEKA']);
});
