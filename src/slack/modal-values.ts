import { cleanText } from '../domain/text.js';

/**
 * Slack's view.state.values -> { blockId: text }, for text inputs and static selects. Form values arrive as
 * typed (Slack does not escape them); invisible characters are dropped as fromSlack drops them from commands.
 */
export function modalValues(state: Record<string, Record<string, unknown>> | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [blockId, byAction] of Object.entries(state ?? {})) {
    for (const element of Object.values(byAction)) {
      const el = element as {
        value?: string | null;
        selected_option?: { value: string } | null;
        selected_date?: string | null;
      };
      const value = el.selected_option?.value ?? el.selected_date ?? el.value ?? null;
      out[blockId] = value === null ? null : cleanText(value);
    }
  }
  return out;
}
