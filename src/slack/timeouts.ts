// Bounds on every call that leaves the process, so that one peer that never answers stalls nothing.

/** One Web API call: it fails after this, and the outbox (or the rep) tries again. */
export const WEB_API_TIMEOUT_MS = 12_000;

/** A CSV download from Slack's file hosts, start to last byte. */
export const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Redirects followed on a download; each hop is re-checked against Slack's hosts. */
export const MAX_DOWNLOAD_REDIRECTS = 3;

/** How long one scheduled job may run before the scheduler stops waiting for it and says so. */
export const JOB_DEADLINE_MS = 5 * 60_000;
