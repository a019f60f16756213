// Runs one silence scan in a fresh process and prints its timings as one JSON line: the cold case
// (modules just loaded, a new store handle, no calendar built yet). Started by the benchmark as
//   node --import <tsx loader> src/bench/cold-scan.ts <database file> <ISO instant>
// The scan is a dry run: its decisions are rolled back, so every run starts from the same data.
export {};
const [path, iso] = process.argv.slice(2);
if (!path || !iso) {
  process.stderr.write('usage: cold-scan.ts <database file> <ISO instant>\n');
  process.exit(2);
}
const started = performance.now();
const { openStore } = await import('../db/index.js');
const { scan } = await import('../jobs/scan.js');
const loaded = performance.now();
const store = openStore(`file:${path}`);
const opened = performance.now();
const result = scan(store, new Date(iso), { dryRun: true, defaultZone: 'UTC' });
const scanned = performance.now();
store.close();
process.stdout.write(
  `${JSON.stringify({
    loadMs: loaded - started,
    openMs: opened - loaded,
    scanMs: scanned - opened,
    candidates: result.candidates,
    decisions: result.decisions.length,
    rssMB: process.memoryUsage().rss / 1_048_576,
  })}\n`,
);
