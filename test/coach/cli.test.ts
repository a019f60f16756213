import { describe, expect, it } from 'vitest';
import { formatDraftJson, parseDraftKind, runCheckTone } from '../../src/coach/cli.js';
import * as coach from '../../src/coach/index.js';
import { draftOffline } from '../../src/coach/offline.js';
import { vpDeal } from './scenarios.js';

describe('CLI helpers', () => {
  it('formatDraftJson gives the documented shape and nothing more', () => {
    const draft = {
      ...draftOffline(vpDeal(), 'fire'),
      usage: { promptTokens: 1, completionTokens: 2 },
      fallbackReason: 'timeout',
    };
    const json = formatDraftJson(draft);
    expect(Object.keys(json)).toEqual(['kind', 'subject', 'body', 'voicemail', 'source', 'promptVersion', 'tone']);
    expect(json).toEqual({
      kind: 'fire',
      subject: draft.subject,
      body: draft.body,
      voicemail: null,
      source: 'offline',
      promptVersion: 'offline-fire@2',
      tone: { ok: true, problems: [] },
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('runCheckTone flags a rude body and passes a good one', () => {
    const rude = runCheckTone(
      'fire',
      'Hi Dana,\n\nAs per my last email, I GUESS you are not interested!! I will call you next week.\n\nSam',
    );
    expect(rude.ok).toBe(false);
    expect(rude.problems.map((p) => p.rule)).toEqual(
      expect.arrayContaining(['antagonism', 'shouting', 'exclamation', 'fire-not-firm', 'fire-no-door', 'too-short']),
    );
    expect(Object.keys(rude)).toEqual(['ok', 'problems']);

    const good = runCheckTone('fire', draftOffline(vpDeal(), 'fire').body);
    expect(good).toEqual({ ok: true, problems: [] });
  });

  it('parseDraftKind validates argv', () => {
    expect(parseDraftKind(' Fire ')).toBe('fire');
    // The words /deal draft takes, as in Slack.
    expect(parseDraftKind('goodbye')).toBe('fire');
    expect(parseDraftKind('Check-in')).toBe('checkin');
    expect(parseDraftKind('next-step')).toBe('revival');
    expect(parseDraftKind('poem')).toBeNull();
  });

  it('the index exports the public API', () => {
    for (const name of [
      'createDrafter',
      'checkTone',
      'loadPrompts',
      'renderPrompt',
      'draftOffline',
      'formatDraftJson',
      'runCheckTone',
      'DRAFT_KINDS',
    ]) {
      expect(coach, name).toHaveProperty(name);
    }
  });
});
