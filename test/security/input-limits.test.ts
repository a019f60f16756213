// Adversarial: long input. A 1 MB /deal line is acked at once and refused with its length; notes
// have a cap that says both numbers; deal-name matching stays linear in the number of words.
import { afterEach, describe, expect, it } from 'vitest';
import { activities } from '../../src/db/schema.js';
import { MAX_COMMAND_CHARS, parseDealCommand } from '../../src/domain/grammar.js';
import { ackBody, startTestApp, type TestApp } from '../support/app-harness.js';
import { say } from './support.js';

const context = { now: new Date('2026-11-23T14:00:00Z'), zone: 'Europe/Paris' };

describe('input limits', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('a /deal line of 300,000 characters is acked fast and refused clearly; a 1 MB one is not even read', async () => {
    t = await startTestApp();
    t.fake.users.set('U0JOSE', { tz: 'Europe/Madrid' });
    await say(t, 'U0JOSE', 'new Hôtel de la Plage SAS value 7.500 EUR');
    const long = `note Hôtel de la Plage SAS ${'très long compte rendu '.repeat(13_100)}`;
    expect(long.length).toBeGreaterThan(300_000);
    const started = performance.now();
    const body = await ackBody(await t.slash(long, { user: 'U0JOSE' }));
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3000);
    expect(body.text).toContain(
      `at most ${MAX_COMMAND_CHARS.toLocaleString('en-US')} characters; yours has ${long.length.toLocaleString('en-US')}`,
    );
    // Over the 1 MB body cap: 413 from the Content-Length, before the body is read or the signature checked.
    const huge = `note Hôtel de la Plage SAS ${'très long compte rendu '.repeat(46_000)}`;
    expect((await t.slash(huge, { user: 'U0JOSE' })).status).toBe(413);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    expect(
      t.store.db
        .select()
        .from(activities)
        .all()
        .filter((a) => a.direction === 'note'),
    ).toHaveLength(0);
  });

  it('a note over 3,000 characters says both numbers and stores nothing', async () => {
    t = await startTestApp();
    t.fake.users.set('U0LENA', { tz: 'Europe/Berlin' });
    await say(t, 'U0LENA', 'new Müller & Söhne GmbH value 12.000 EUR');
    const note = 'Rückruf vereinbart, Budget unklar. '.repeat(100).trim();
    const answer = await say(t, 'U0LENA', `note Müller & Söhne GmbH ${note}`);
    expect(answer).toContain(`A note is at most 3,000 characters; yours has ${note.length.toLocaleString('en-US')}.`);
    expect(
      t.store.db
        .select()
        .from(activities)
        .all()
        .filter((a) => a.direction === 'note'),
    ).toHaveLength(0);
    expect(await say(t, 'U0LENA', `note Müller & Söhne GmbH ${note.slice(0, 2900)}`)).not.toContain('at most');
  });

  it('deal-name matching is linear: 3,900 characters of words against 200 companies parse in milliseconds', () => {
    const companies = Array.from({ length: 200 }, (_, i) => `Compañía Número ${i} de Servicios Integrales S.A.`);
    const words = 'palabra '.repeat(480);
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const parsed = parseDealCommand(`note Compañía Número 17 de Servicios Integrales S.A. ${words}`, {
        ...context,
        companies,
      });
      expect(parsed.ok && parsed.command.type === 'note' && parsed.command.ref.text).toBe(
        'Compañía Número 17 de Servicios Integrales S.A.',
      );
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});
