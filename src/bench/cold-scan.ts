// Runs one silence scan in a fresh process and prints its timings as one JSON line: the cold case
// (modules just loaded, a new store handle, no calendar built yet). Started by the benchmark as
//   node --import <tsx loader> src/bench/cold-scan.ts <database file> <ISO instant> [commit]
// A dry run unless `commit`: its decisions are rolled back, so every run starts from the same data.
// Like the bot and its scan worker, it reads public holidays kept in the database (and keeps the
// ones it computes, when it commits).
export {};
const [path, iso, mode] = process.argv.slice(2);
if (!path || !iso || (mode !== undefined && mode !== 'commit')) {
  process.stderr.write('usage: cold-scan.ts <database file> <ISO instant> [commit]\n');
  process.exit(2);
}
const started = performance.now();
const { openStore } = await import('../db/index.js');
const { databaseHolidays } = await import('../db/holidays.js');
const { useHolidayStore } = await import('../domain/calendar.js');
const { scan } = await import('../jobs/scan.js');
const { timedWrites, withLoopDelay } = await import('./loop.js');
const loaded = performance.now();
const store = openStore(`file:${path}`);
useHolidayStore(databaseHolidays(store));
const opened = performance.now();
// Its write transactions timed, and this thread's event-loop delay: what the scan costs the bot's
// other work when it runs in the bot's thread (the worker's is the same, in its own thread).
const timed = timedWrites(store);
let scanned = 0;
const { value: result, delay } = await withLoopDelay(async () => {
  const started = performance.now();
  const value = await scan(timed.store, new Date(iso), { dryRun: mode !== 'commit', defaultZone: 'UTC' });
  scanned = opened + (performance.now() - started);
  return value;
});
store.close();
process.stdout.write(
  `${JSON.stringify({
    loadMs: loaded - started,
    openMs: opened - loaded,
    scanMs: scanned - opened,
    candidates: result.candidates,
    decisions: result.decisions.length,
    queued: result.queued,
    rssMB: process.memoryUsage().rss / 1_048_576,
    transactionMs: timed.durations,
    loop: delay,
  })}\n`,
);
