// The console's simulated clock: it moves only when told, and is kept with the database between runs.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/index.js';
import { consoleState } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';

/** The clock as stored: the time the rep set (`shownMs`) and the last instant a command read (`readMs`). */
export interface StoredClock {
  shownMs: number;
  readMs: number;
}

const CLOCK_KEY = 'clock';

/**
 * Moves only when told (`set`). Commands typed one after another at the same simulated time must keep
 * their order (a call logged right after a reply is after it), so each command that follows one which
 * read the clock reads it 1 ms later; `shown()`, what the rep sees, stays the time they set.
 */
export class ConsoleClock implements Clock {
  private shownMs: number;
  private readMs: number;
  /** Whether the current command read the clock: only then must the next one read a later instant. */
  private read = false;

  constructor(
    start: Date,
    private readonly onChange: (state: StoredClock) => void = () => undefined,
  ) {
    this.shownMs = start.getTime();
    this.readMs = this.shownMs;
  }

  now(): Date {
    this.read = true;
    return new Date(this.readMs);
  }

  shown(): Date {
    return new Date(this.shownMs);
  }

  set(to: Date | string | number): void {
    this.shownMs = new Date(to).getTime();
    this.readMs = this.shownMs;
    this.read = false;
    this.onChange(this.state());
  }

  /** Continues a stored clock; the first command reads after the last one of the previous run. */
  restore(stored: StoredClock): void {
    this.shownMs = stored.shownMs;
    this.readMs = Math.max(stored.readMs, stored.shownMs);
    this.read = true;
  }

  /** Called before each command. */
  nextCommand(): void {
    if (!this.read) return;
    this.readMs = Math.max(this.shownMs, this.readMs + 1);
    this.read = false;
    this.onChange(this.state());
  }

  state(): StoredClock {
    return { shownMs: this.shownMs, readMs: this.readMs };
  }
}

const isStoredClock = (value: unknown): value is StoredClock =>
  typeof value === 'object' &&
  value !== null &&
  Number.isFinite((value as StoredClock).shownMs) &&
  Number.isFinite((value as StoredClock).readMs);

export function loadClock(db: Queryable, teamId: string): StoredClock | null {
  const row = db
    .select({ value: consoleState.value })
    .from(consoleState)
    .where(and(eq(consoleState.teamId, teamId), eq(consoleState.key, CLOCK_KEY)))
    .get();
  return row && isStoredClock(row.value) ? row.value : null;
}

export function saveClock(db: Queryable, teamId: string, clock: StoredClock, now: Date = new Date()): void {
  saveConsoleValue(db, teamId, CLOCK_KEY, clock, now);
}

export function saveConsoleValue(db: Queryable, teamId: string, key: string, value: unknown, now: Date): void {
  db.insert(consoleState)
    .values({ teamId, key, value, updatedAt: now })
    .onConflictDoUpdate({ target: [consoleState.teamId, consoleState.key], set: { value, updatedAt: now } })
    .run();
}

export function loadConsoleValues(db: Queryable, teamId: string): Array<{ key: string; value: unknown }> {
  return db
    .select({ key: consoleState.key, value: consoleState.value })
    .from(consoleState)
    .where(eq(consoleState.teamId, teamId))
    .all();
}
