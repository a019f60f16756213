// Text as people type it. Pure.

/** One-line fields (company, contact, a promise, a team name): line breaks and tabs become single spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\s\u2028\u2029]+/g, ' ').trim();
}
