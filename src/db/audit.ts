import type { Queryable } from './index.js';
import { auditEvents } from './schema.js';

export interface AuditEntry {
  teamId: string;
  actorId: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** Appends one event to the audit log; returns its id. */
export function recordAudit(db: Queryable, entry: AuditEntry): number {
  return db.insert(auditEvents).values(entry).returning({ id: auditEvents.id }).get().id;
}
