// Long jobs (the scan, the reconciliation, digests) work in short steps and let the event loop run
// between them, so that Slack's requests are answered meanwhile (issue 21: no task holds the loop for
// more than 100 ms).

/** Resolves after the event loop has had a turn (timers, I/O): a macrotask, not a microtask. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
