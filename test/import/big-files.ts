// Realistic CSV files for the import's tests: companies with legal forms and non-Latin names, contacts
// with accents, European and other amounts in several currencies, owners by Slack id and by email.

const COMPANIES = [
  'Nordlicht Logistik GmbH',
  'Société Générale des Eaux SA',
  'Ünal Lojistik A.Ş.',
  'Müller & Söhne KG',
  'Sæther Shipping AS',
  'Zürcher Kantonalbank AG',
  '株式会社 山田製作所',
  'ООО «Ромашка»',
  'Oy Pohjola Ab',
  'Łódź Textiles Sp. z o.o.',
  'Brasil Café Comércio Ltda.',
  'Acme Widgets, Inc.',
];
const CONTACTS = [
  'Ingrid Sæther',
  'José Álvarez',
  'Zoë Müller',
  'François Lefèvre',
  'Ærin Ødegård',
  'Mehmet Öztürk',
  '山田 太郎',
  'Ольга Петрова',
];
const AMOUNTS = [
  '12.500,00 €',
  '€ 8.000,50',
  '7 500,00 EUR',
  '£45,000',
  'CHF 90,000',
  '¥1,200,000',
  '50k',
  'SEK 250 000',
];
const STAGES = ['Qualified to buy', 'Presentation scheduled', 'Decision maker bought-in', 'Contract sent', 'Demo'];

/** The owners the big files use: Slack ids U0BIG0 to U0BIG9. */
export const BIG_OWNERS = Array.from({ length: 10 }, (_, i) => `U0BIG${i}`);

/**
 * `rows` deal rows (a header first), each a different company: "<name> #<n>". Semicolon-separated,
 * as Excel writes CSV in much of Europe; quoted where a cell holds the separator or a quote.
 */
export function bigCsv(rows: number, options: { extra?: string[] } = {}): Buffer {
  const quote = (cell: string) => (/[;"\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = ['Record ID;Company;Contact;Amount;Deal Stage;Owner;Last reply'];
  for (let i = 1; i <= rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      [
        `EXT-${i}`,
        `${COMPANIES[i % COMPANIES.length]} #${i}`,
        CONTACTS[i % CONTACTS.length]!,
        AMOUNTS[i % AMOUNTS.length]!,
        STAGES[i % STAGES.length]!,
        BIG_OWNERS[i % BIG_OWNERS.length]!,
        `${day}.10.2026`,
      ]
        .map(quote)
        .join(';'),
    );
  }
  lines.push(...(options.extra ?? []));
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** Windows-1252 bytes of `text` (Latin-1, plus the euro sign and the other 0x80-0x9F letters Excel uses). */
export function windows1252(text: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, Œ: 0x8c, Š: 0x8a, œ: 0x9c };
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (extra[ch] !== undefined) return extra[ch]!;
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      throw new Error(`${ch} has no Windows-1252 byte`);
    }),
  );
}

/** `rows` rows of Company, Owner, Amount (comma-separated, companies quoted): the least a row can be. */
export function narrowCsv(rows: number, owner = (i: number) => BIG_OWNERS[i % BIG_OWNERS.length]!): Buffer {
  const lines = ['Company,Owner,Amount'];
  for (let i = 1; i <= rows; i++) {
    lines.push(`"${COMPANIES[i % COMPANIES.length]} #${i}",${owner(i)},"${AMOUNTS[i % AMOUNTS.length]}"`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}
