// Plain rows for view tests: every column set, so a view never meets an undefined field.
import type { DealRow } from '../../src/db/schema.js';

/** A deal row with neutral values; each test file passes its own deal on top. */
export function dealRow(fields: Partial<DealRow> = {}): DealRow {
  return {
    id: 1,
    teamId: 'T1',
    ownerId: 'U1',
    company: 'Acme',
    companyKey: 'acme',
    contactName: null,
    contactEmail: null,
    greetAs: null,
    valueMinor: null,
    currency: 'USD',
    stage: 'prospecting',
    forecast: 'pipeline',
    forecastBeforeFire: null,
    state: 'active',
    prospectGoal: null,
    externalId: null,
    lastInboundAt: null,
    lastOutboundAt: null,
    lastActivityAt: null,
    snoozedUntil: null,
    snoozeReason: null,
    followUpOn: null,
    closedAt: null,
    lostReason: null,
    createdAt: new Date('2026-10-01T12:00:00Z'),
    updatedAt: new Date('2026-10-01T12:00:00Z'),
    nextCheckAt: new Date(0),
    ...fields,
  };
}
