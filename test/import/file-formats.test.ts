// What spreadsheets actually save: Windows-1252 from Excel's "CSV (Comma delimited)", UTF-16 from its
// "Unicode Text", UTF-8 with a byte-order mark from "CSV UTF-8"; and headers that name one field twice.
import { Readable } from 'node:stream';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { deals } from '../../src/db/schema.js';
import { importCsv, type ImportOptions } from '../../src/services/csv-import.js';
import { importReportMessage } from '../../src/slack/views/import.js';
import { windows1252 } from './big-files.js';

const NOW = new Date('2026-11-23T14:00:00Z');
let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

const run = (bytes: Buffer | Buffer[], options: Partial<ImportOptions> = {}) =>
  importCsv(store, Readable.from(Array.isArray(bytes) ? bytes : [bytes]), {
    teamId: 'T1',
    now: NOW,
    zone: 'Europe/Berlin',
    defaultOwner: 'U0RITA',
    source: 'export.csv',
    ...options,
  });
/** The deals stored, in order (value in hundredths, in every currency: money.ts's minor unit). */
const stored = () =>
  store.db
    .select()
    .from(deals)
    .orderBy(asc(deals.id))
    .all()
    .map((d) => ({ company: d.company, contact: d.contactName, value: d.valueMinor, currency: d.currency }));

/** Excel on a German Windows: semicolons, Windows-1252, European amounts. */
const GERMAN_EXCEL = [
  'Firma;Kontakt;Ort;Wert;Phase',
  'Müller GmbH;Jürgen Weiß;Zürich;12.500,00 €;Angebot',
  'Nordlicht Logistik AS;Ingrid Sæther;Tromsø;€ 8.000,50;Demo',
  'Café Crème SARL;Françoise Lefèvre;Genève;"7 500,00 EUR";Demo',
].join('\r\n');

describe('encodings', () => {
  it('a Windows-1252 (Latin-1) file is read as such, not stored as mojibake, and the report says so', async () => {
    const report = await run(windows1252(GERMAN_EXCEL), {
      map: [
        { column: 'Firma', field: 'company' },
        { column: 'Kontakt', field: 'contactName' },
        { column: 'Wert', field: 'value' },
        { column: 'Phase', field: 'ignore' },
      ],
    });
    expect(report).toMatchObject({ committed: true, imported: 3, rejected: 0, encoding: 'windows-1252' });
    expect(stored()).toEqual([
      { company: 'Müller GmbH', contact: 'Jürgen Weiß', value: 1_250_000, currency: 'EUR' },
      { company: 'Nordlicht Logistik AS', contact: 'Ingrid Sæther', value: 800_050, currency: 'EUR' },
      { company: 'Café Crème SARL', contact: 'Françoise Lefèvre', value: 750_000, currency: 'EUR' },
    ]);
    expect(report.notes[0]).toBe(
      'Read as Windows-1252 (Latin-1): the file is not UTF-8 (line 2 reads "Müller GmbH"). Excel\'s "CSV (Comma ' +
        'delimited)" saves files so; if accented letters look wrong in dealcoach, save the file as "CSV UTF-8" and ' +
        'import it again.',
    );
    // The DM shows the note.
    expect(JSON.stringify(importReportMessage(report, { fileName: 'export.csv' }).blocks)).toContain(
      'Read as Windows-1252 (Latin-1)',
    );
  });

  it('a Windows-1252 file that arrives a byte at a time reads the same', async () => {
    const bytes = windows1252(`Company;Contact;Value\r\nSæther Shipping AS;Ærin Ødegård;"12.500,00 €"\r\n`);
    const report = await run([...bytes].map((b) => Buffer.from([b])));
    expect(report).toMatchObject({ imported: 1, encoding: 'windows-1252' });
    expect(stored()).toEqual([
      { company: 'Sæther Shipping AS', contact: 'Ærin Ødegård', value: 1_250_000, currency: 'EUR' },
    ]);
  });

  it('UTF-8, with or without a byte-order mark, split anywhere: no note', async () => {
    const text =
      'Company;Contact;Value\r\n株式会社 山田製作所;山田 太郎;¥1,200,000\r\nООО «Ромашка»;Ольга Петрова;RUB 90 000\r\n';
    for (const bytes of [Buffer.from(text), Buffer.from(`\uFEFF${text}`)]) {
      store.close();
      store = openStore(':memory:');
      const report = await run([...bytes].map((b) => Buffer.from([b])));
      expect(report).toMatchObject({ imported: 2, encoding: 'utf-8', notes: [] });
      expect(stored()).toEqual([
        { company: '株式会社 山田製作所', contact: '山田 太郎', value: 120_000_000, currency: 'JPY' },
        { company: 'ООО «Ромашка»', contact: 'Ольга Петрова', value: 9_000_000, currency: 'RUB' },
      ]);
    }
  });

  it('UTF-16 from Excel\'s "Unicode Text" (tab-separated), with a byte-order mark or without', async () => {
    const text = [
      'Company\tContact\tAmount\tDeal Stage',
      'Ünal Lojistik A.Ş.\tMehmet Öztürk\t"CHF 90,000"\tDemo',
      'Łódź Textiles Sp. z o.o.\tZoë Müller\t12.500,00 €\tContract sent',
      '株式会社 山田製作所\t山田 太郎\t¥1,200,000\tDemo',
    ].join('\r\n');
    const bigEndian = Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from(`\uFEFF${text}`, 'utf16le'), 'utf-16le', 'little'],
      [Buffer.from(text, 'utf16le'), 'utf-16le', 'little'],
      [bigEndian, 'utf-16be', 'big'],
    ];
    for (const [bytes, encoding, order] of cases) {
      store.close();
      store = openStore(':memory:');
      // Odd-sized pieces: a character's two bytes arrive apart.
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
      const report = await run(pieces);
      expect(report).toMatchObject({ committed: true, imported: 3, rejected: 0, encoding });
      expect(report.notes[0]).toBe(`Read as UTF-16 (${order}-endian), as Excel's "Unicode Text" saves it.`);
      expect(stored()).toEqual([
        { company: 'Ünal Lojistik A.Ş.', contact: 'Mehmet Öztürk', value: 9_000_000, currency: 'CHF' },
        { company: 'Łódź Textiles Sp. z o.o.', contact: 'Zoë Müller', value: 1_250_000, currency: 'EUR' },
        { company: '株式会社 山田製作所', contact: '山田 太郎', value: 120_000_000, currency: 'JPY' },
      ]);
    }
  });

  it('refuses, with advice, what is not safe to read: mixed encodings, other encodings, a workbook', async () => {
    const mixed = Buffer.concat([
      Buffer.from('Company;Contact\r\nZürcher Kantonalbank AG;Zoë Müller\r\nOy Pohjola Ab;Aino\r\n'),
      windows1252('Müller GmbH;Jürgen\r\n'),
    ]);
    const mixedReport = await run(mixed);
    expect(mixedReport.error).toBe(
      'Line 4 is not UTF-8 although the lines before it are: the file mixes two encodings (two exports pasted ' +
        'together?). Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8) and import it again.',
    );
    expect(mixedReport).toMatchObject({ committed: false, imported: 0 });
    const dos = Buffer.concat([Buffer.from('Company;Contact\r\nAcme;Jos'), Buffer.from([0x81]), Buffer.from('\r\n')]);
    expect((await run(dos)).error).toMatch(/^The file is neither UTF-8 nor Windows-1252: line 2 has the byte 0x81/);
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 1)]);
    expect((await run(xlsx)).error).toMatch(/^This is a zip file, most likely an Excel workbook \(\.xlsx\)/);
    expect(stored()).toEqual([]);
  });
});

describe('headers that name one field twice', () => {
  it('refuse the file, naming the columns, and import nothing', async () => {
    const twice = await run(Buffer.from('Company;Amount;Owner;Amount\r\nMüller GmbH;5k;U0RITA;6k\r\n'));
    expect(twice.error).toBe(
      'The column "Amount" appears twice (columns B, D), so dealcoach cannot tell which one holds the amount. ' +
        'Delete or rename one of them and import the file again.',
    );
    const two = await run(Buffer.from('Account Name,Company,Owner\r\nAcme,Acme Corp,U0RITA\r\n'));
    expect(two.error).toMatch(
      /^Two columns could be the company: "Account Name" \(column A\) and "Company" \(column B\)/,
    );
    expect(two.error).toContain('--map "Company=ignore"');
    expect(stored()).toEqual([]);
    // With --map, the importer chooses.
    const chosen = await run(Buffer.from('Account Name,Company,Owner\r\nAcme,Acme Corp,U0RITA\r\n'), {
      map: [{ column: 'Account Name', field: 'ignore' }],
    });
    expect(chosen).toMatchObject({ imported: 1, error: null });
    expect(stored().map((d) => d.company)).toEqual(['Acme Corp']);
  });

  it("a HubSpot export's amount in company currency is not read beside Amount, and the report says so", async () => {
    const csv =
      'Deal Name,Amount,Amount in company currency,Deal currency code\r\nSæther Shipping AS,12000,13104,GBP\r\n';
    const report = await run(Buffer.from(csv));
    expect(report).toMatchObject({ imported: 1, error: null });
    expect(report.notes).toContain('"Amount in company currency" is not read: "Amount" gives the amount.');
    expect(stored()).toEqual([{ company: 'Sæther Shipping AS', contact: null, value: 1_200_000, currency: 'GBP' }]);
  });
});

describe('invisible characters in cells', () => {
  it('are dropped from every cell and the header (a NUL byte refuses the file as not text); emoji joiners stay', async () => {
    const csv = [
      'Company\u200B,Contact,Amount',
      '\u202EHooli\u202C Vertrieb\u0007 GmbH\u2069,Jürgen\u200B Müller,45.000 EUR',
      '👩\u200D💻 Studio Tavan,می\u200Cخواهم Rahimi,€ 8.000',
    ].join('\n');
    const report = await run(Buffer.from(csv, 'utf8'));
    expect(report.error).toBeNull();
    expect(report.imported).toBe(2);
    expect(stored().map((d) => [d.company, d.contact])).toEqual([
      ['Hooli Vertrieb GmbH', 'Jürgen Müller'],
      ['👩\u200D💻 Studio Tavan', 'می\u200Cخواهم Rahimi'],
    ]);
  });
});
