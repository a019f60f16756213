// The one table of caps on text that enters dealcoach: typed in /deal or a form, read from a CSV cell,
// or passed to the model. Everything here is stored, shown in Slack and may reach a prompt, so bounded.
// docs/operations.md lists the same table.

export const TEXT_LIMITS = {
  /** A whole /deal line, checked before any parsing. */
  command: 4000,
  note: 3000,
  goal: 500,
  reason: 500,
  commitment: 500,
  nextStep: 500,
  company: 200,
  contact: 200,
  /** RFC 5321's longest address. */
  email: 254,
  subject: 200,
  body: 5000,
  voicemail: 1000,
  /** Any other CSV text cell (external id, team). */
  cell: 500,
} as const;

export type LimitedField = keyof typeof TEXT_LIMITS;

/** "A note is at most 3,000 characters; yours has 3,412." or null when `value` fits. */
export function tooLong(label: string, field: LimitedField, value: string | null | undefined): string | null {
  const cap = TEXT_LIMITS[field];
  if (!value || value.length <= cap) return null;
  return (
    `${label} is at most ${cap.toLocaleString('en-US')} characters; yours has ` +
    `${value.length.toLocaleString('en-US')}.`
  );
}

/** `value` cut to its field's cap (with an ellipsis), for text that must not be refused but bounded. */
export function clipTo<T extends string | null | undefined>(field: LimitedField, value: T): T {
  const cap = TEXT_LIMITS[field];
  if (typeof value !== 'string' || value.length <= cap) return value;
  return `${value.slice(0, cap - 1)}…` as T;
}
