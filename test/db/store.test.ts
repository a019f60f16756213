import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath, openStore } from '../../src/db/index.js';
import { and, eq } from 'drizzle-orm';
import { dealsOfOwner, getDeal, openDealsOfOwner, type NewDeal } from '../../src/db/deals.js';
import type { Queryable } from '../../src/db/index.js';
import { deals } from '../../src/db/schema.js';
import { upsertUser, findUser } from '../../src/db/users.js';
import { testTempDir } from '../support/temp-db.js';

const now = new Date('2026-11-23T12:00:00Z');
// Raw rows for store-level checks (the product writes deals only through services/deal-events.ts).
const insertDeal = (db: Queryable, deal: NewDeal) => db.insert(deals).values(deal).returning().get();
const updateDeal = (db: Queryable, teamId: string, id: number, changes: Partial<NewDeal>) =>
  db
    .update(deals)
    .set(changes)
    .where(and(eq(deals.teamId, teamId), eq(deals.id, id)))
    .run();
const base = { companyKey: 'acme', createdAt: now, updatedAt: now };

describe('the SQLite store', () => {
  it('understands DATABASE_URL forms', () => {
    expect(databasePath('file:./data/dealcoach.db')).toBe('./data/dealcoach.db');
    expect(databasePath(':memory:')).toBe(':memory:');
    expect(databasePath('file::memory:')).toBe(':memory:');
    expect(databasePath('/tmp/x.db')).toBe('/tmp/x.db');
  });

  it('creates the folder, runs the real migrations, uses WAL, and persists across opens', () => {
    const path = join(testTempDir('dealcoach-db-'), 'nested', 'folder', 'deals.db');
    const first = openStore(`file:${path}`);
    expect(existsSync(path)).toBe(true);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = first.sqlite
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((r: any) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'users',
        'deals',
        'activities',
        'commitments',
        'silence_episodes',
        'drafts',
        'outbox',
        'sales_teams',
        'audit_events',
        '__drizzle_migrations',
      ]),
    );
    insertDeal(first.db, { ...base, teamId: 'T1', ownerId: 'U1', company: 'Acme' });
    first.close();
    const second = openStore(`file:${path}`); // migrations again: a no-op
    expect(
      second.db
        .select()
        .from(deals)
        .all()
        .map((d) => d.company),
    ).toEqual(['Acme']);
    second.close();
  });

  it('scopes deals by workspace and owner', () => {
    const store = openStore(':memory:');
    const a = insertDeal(store.db, { ...base, teamId: 'T1', ownerId: 'U1', company: 'Acme' });
    insertDeal(store.db, { ...base, teamId: 'T2', ownerId: 'U1', company: 'Acme' });
    insertDeal(store.db, { ...base, teamId: 'T1', ownerId: 'U2', company: 'Acme' });
    insertDeal(store.db, {
      ...base,
      teamId: 'T1',
      ownerId: 'U1',
      company: 'Closed',
      companyKey: 'closed',
      state: 'won',
    });
    expect(
      dealsOfOwner(store.db, 'T1', 'U1')
        .map((d) => d.company)
        .sort(),
    ).toEqual(['Acme', 'Closed']);
    expect(openDealsOfOwner(store.db, 'T1', 'U1').map((d) => d.company)).toEqual(['Acme']);
    expect(getDeal(store.db, 'T2', a.id)).toBeUndefined();
    updateDeal(store.db, 'T2', a.id, { stage: 'demo' }); // wrong workspace: no effect
    expect(getDeal(store.db, 'T1', a.id)!.stage).toBe('prospecting');
    store.close();
  });

  it('refuses a second deal with the same company for the same rep', () => {
    const store = openStore(':memory:');
    insertDeal(store.db, { ...base, teamId: 'T1', ownerId: 'U1', company: 'Acme' });
    expect(() => insertDeal(store.db, { ...base, teamId: 'T1', ownerId: 'U1', company: 'ACME' })).toThrow(/UNIQUE/);
    store.close();
  });

  it('rolls back a transaction as a whole', () => {
    const store = openStore(':memory:');
    expect(() =>
      store.db.transaction((tx) => {
        insertDeal(tx, { ...base, teamId: 'T1', ownerId: 'U1', company: 'Acme' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.db.select().from(deals).all()).toHaveLength(0);
    store.close();
  });

  it('upserts users without clobbering fields it was not given', () => {
    const store = openStore(':memory:');
    upsertUser(store.db, 'T1', 'U1', { timezone: 'Asia/Tokyo', timezoneSource: 'slack', name: 'Kei' }, now);
    upsertUser(store.db, 'T1', 'U1', { role: 'manager' }, now);
    expect(findUser(store.db, 'T1', 'U1')).toMatchObject({
      timezone: 'Asia/Tokyo',
      name: 'Kei',
      role: 'manager',
      workStart: '09:00',
      workEnd: '17:30',
    });
    expect(findUser(store.db, 'T2', 'U1')).toBeUndefined();
    store.close();
  });
});
