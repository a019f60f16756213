// Reading a CSV file without holding the event loop: its bytes in bounded pieces, decoded as the file
// was written (UTF-8 with or without BOM, UTF-16 as Excel's "Unicode Text" saves it, Windows-1252 when
// the file is not UTF-8), handed to csv-parse a piece at a time with a turn of the event loop after each
// (setImmediate: timers and I/O run, which awaiting a promise alone does not allow).
import type { Readable } from 'node:stream';

/** Bytes decoded and parsed at a time: 1-3 ms of csv-parse. */
export const PIECE_BYTES = 64 * 1024;

/** The next turn of the event loop: pending I/O and due timers run first. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Cuts synchronous work into slices: `due()` once sliceMs of work has run, `pause()` lets the loop turn. */
export class Pacer {
  private sliceStart = performance.now();
  constructor(readonly sliceMs = 15) {}
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }
  async pause(): Promise<void> {
    await nextTurn();
    this.sliceStart = performance.now();
  }
}

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** The file cannot be read as text, with what to do about it. */
export class EncodingProblem extends Error {}

const SAVE_AS_UTF8 = 'Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8) and import it again.';
/** Bytes Windows-1252 leaves undefined (and NUL): a file with them is in some other encoding. */
const NOT_WINDOWS_1252 = new Set([0x00, 0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const SEPARATORS = new Set([',', ';', '\t', '|', '"', '\r', '\n']);

/**
 * Decodes a file's bytes piece by piece. The encoding is chosen from the first bytes (a byte-order mark,
 * or the zero bytes of UTF-16 text) or, in a file that starts as plain ASCII, at its first other byte:
 * a valid UTF-8 sequence means UTF-8 (and a later invalid one is refused as a mix of encodings),
 * anything else means Windows-1252, Excel's "CSV" on Western European Windows, with a note naming the
 * first line that needed it. ASCII reads the same in both, so nothing decoded before is read again.
 */
export class CsvBytesDecoder {
  encoding: TextEncodingName | null = null;
  /** For the report: how the file was read, when it was not plain UTF-8. */
  note: string | null = null;
  private decoder: TextDecoder | null = null;
  private held: Buffer | null = null;
  private started = false;
  /** Line breaks in the text decoded so far (\r\n, \r or \n), for line numbers in messages. */
  private breaks = 0;
  private endedWithCR = false;
  private tail = '';

  write(bytes: Buffer): string {
    return this.run(bytes, false);
  }

  end(): string {
    return this.run(Buffer.alloc(0), true);
  }

  private run(bytes: Buffer, final: boolean): string {
    if (this.held) {
      bytes = Buffer.concat([this.held, bytes]);
      this.held = null;
    }
    if (!this.started) {
      if (bytes.length < 4 && !final) {
        this.held = Buffer.from(bytes);
        return '';
      }
      this.started = true;
      this.fromFirstBytes(bytes);
    }
    const text = this.encoding ? this.decode(bytes, final) : this.decideAndDecode(bytes, final);
    this.count(text);
    return text;
  }

  private use(encoding: TextEncodingName): void {
    this.encoding = encoding;
    // UTF-8 and UTF-16 fail loudly on bytes they do not allow; Windows-1252 maps every byte.
    this.decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
  }

  private fromFirstBytes(bytes: Buffer): void {
    const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
    if (a === 0xff && b === 0xfe) this.utf16('utf-16le');
    else if (a === 0xfe && b === 0xff) this.utf16('utf-16be');
    else if (a === 0xef && b === 0xbb && c === 0xbf) this.use('utf-8');
    if (this.encoding) return;
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      throw new EncodingProblem(
        'This is a zip file, most likely an Excel workbook (.xlsx) with a .csv name, not CSV text. Open it in ' +
          `Excel and ${SAVE_AS_UTF8[0]!.toLowerCase()}${SAVE_AS_UTF8.slice(1)}`,
      );
    }
    // UTF-16 without a byte-order mark: ASCII text has a zero byte beside every character.
    const pairs = Math.floor(Math.min(bytes.length, 512) / 2);
    let zeroEven = 0;
    let zeroOdd = 0;
    for (let i = 0; i < pairs * 2; i++) if (bytes[i] === 0) i % 2 ? zeroOdd++ : zeroEven++;
    if (zeroOdd > pairs * 0.3 && zeroEven === 0) this.utf16('utf-16le');
    else if (zeroEven > pairs * 0.3 && zeroOdd === 0) this.utf16('utf-16be');
    else if (zeroEven + zeroOdd > 0) {
      throw new EncodingProblem(
        `The file is not text: it has zero bytes, as spreadsheets and images do. ${SAVE_AS_UTF8}`,
      );
    }
  }

  private utf16(encoding: 'utf-16le' | 'utf-16be'): void {
    this.use(encoding);
    const order = encoding === 'utf-16le' ? 'little' : 'big';
    this.note = `Read as UTF-16 (${order}-endian), as Excel's "Unicode Text" saves it.`;
  }

  /** Plain ASCII so far: the first other byte decides between UTF-8 and Windows-1252. */
  private decideAndDecode(bytes: Buffer, final: boolean): string {
    const at = firstNonAscii(bytes);
    if (at === -1) return bytes.toString('latin1');
    const ascii = bytes.toString('latin1', 0, at);
    const length = utf8SequenceAt(bytes, at);
    if (length === -1 && !final) {
      // The sequence goes on in the next piece: decide with it.
      this.held = Buffer.from(bytes.subarray(at));
      return ascii;
    }
    this.use(length > 0 ? 'utf-8' : 'windows-1252');
    const rest = this.decode(bytes.subarray(at), final, ascii);
    if (this.encoding === 'windows-1252') {
      const line = this.breaks + countBreaks(ascii, this.endedWithCR) + 1;
      const cell = snippet(this.tail + ascii, rest);
      this.note =
        `Read as Windows-1252 (Latin-1): the file is not UTF-8 (line ${line} reads "${cell}"). Excel's "CSV (Comma ` +
        `delimited)" saves files so; if accented letters look wrong in dealcoach, save the file as "CSV UTF-8" and ` +
        `import it again.`;
    }
    return ascii + rest;
  }

  /** `before`: text of this piece decoded already, for line numbers. */
  private decode(bytes: Buffer, final: boolean, before = ''): string {
    if (this.encoding === 'windows-1252') {
      const odd = bytes.findIndex((byte) => NOT_WINDOWS_1252.has(byte));
      if (odd !== -1) {
        const text = before + new TextDecoder('windows-1252').decode(bytes.subarray(0, odd));
        const line = this.breaks + countBreaks(text, this.endedWithCR) + 1;
        throw new EncodingProblem(
          `The file is neither UTF-8 nor Windows-1252: line ${line} has the byte ` +
            `0x${bytes[odd]!.toString(16).toUpperCase().padStart(2, '0')}, which neither uses. ${SAVE_AS_UTF8}`,
        );
      }
    }
    try {
      return this.decoder!.decode(bytes, { stream: !final });
    } catch {
      if (this.encoding !== 'utf-8') {
        throw new EncodingProblem(
          `The file starts as ${this.encoding!.toUpperCase()} text but is not. ${SAVE_AS_UTF8}`,
        );
      }
      const bad = firstInvalidUtf8(bytes);
      const text = before + new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
      const line = this.breaks + countBreaks(text, this.endedWithCR) + 1;
      throw new EncodingProblem(
        `Line ${line} is not UTF-8 although the lines before it are: the file mixes two encodings (two exports ` +
          `pasted together?). ${SAVE_AS_UTF8}`,
      );
    }
  }

  private count(text: string): void {
    if (!text) return;
    this.breaks += countBreaks(text, this.endedWithCR);
    this.endedWithCR = text.endsWith('\r');
    this.tail = (text.length >= 80 ? text.slice(-80) : this.tail + text).slice(-80);
  }
}

function countBreaks(text: string, afterCR: boolean): number {
  const n = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  // A \r\n cut between two pieces was counted at the \r already.
  return afterCR && text.startsWith('\n') ? n - 1 : n;
}

function firstNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/** The length of the valid UTF-8 sequence at `at`; 0 when invalid, -1 when the bytes end inside it. */
function utf8SequenceAt(bytes: Buffer, at: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return 1;
  const length =
    lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0) return 0;
  for (let i = 1; i < length; i++) {
    if (at + i >= bytes.length) return -1;
    const byte = bytes[at + i]!;
    if (byte < 0x80 || byte > 0xbf) return 0;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if (i === 1) {
      if (lead === 0xe0 && byte < 0xa0) return 0;
      if (lead === 0xed && byte > 0x9f) return 0;
      if (lead === 0xf0 && byte < 0x90) return 0;
      if (lead === 0xf4 && byte > 0x8f) return 0;
    }
  }
  return length;
}

function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceAt(bytes, i);
    if (length <= 0) return i;
    i += length;
  }
  return bytes.length;
}

/** The cell around the start of `after`, to show the importer what was read. */
function snippet(before: string, after: string): string {
  let from = before.length;
  while (from > 0 && before.length - from < 40 && !SEPARATORS.has(before[from - 1]!)) from--;
  let to = 0;
  while (to < after.length && to < 40 && !SEPARATORS.has(after[to]!)) to++;
  return (before.slice(from) + after.slice(0, to)).trim();
}

/** The delimiter of a header line: the most frequent of , ; and tab outside quotes (comma when none). */
export function sniffDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

/**
 * The records of a CSV stream, in batches: the input is cut into pieces of PIECE_BYTES, each decoded
 * and written to the parser, then the event loop turns once (so the records of the piece are out and
 * other work has run) before its records are handed on. The delimiter is `given`, or the header line's.
 */
export async function* csvRecordBatches(
  input: Readable,
  decoder: CsvBytesDecoder,
  given?: string,
): AsyncGenerator<string[][]> {
  // Loaded on the first import: the bot's start-up does not pay for the CSV parser.
  const { parse } = await import('csv-parse');
  let parser: ReturnType<typeof parse> | null = null;
  let ended: Promise<unknown> | null = null;
  let failure: unknown = null;
  let records: string[][] = [];
  let head = '';
  const start = (text: string) => {
    const delimiter = given ?? sniffDelimiter(text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[0] ?? '');
    const p = parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    p.on('data', (record: string[]) => records.push(record));
    p.on('error', (error) => {
      failure ??= error;
    });
    ended = new Promise((resolve, reject) => {
      p.on('end', resolve);
      p.on('error', reject);
    });
    ended.catch(() => undefined);
    parser = p;
    p.write(text);
  };
  const feed = (text: string) => {
    if (!text) return;
    if (parser) {
      parser.write(text);
      return;
    }
    // The delimiter is read from the header line: wait for its end (or 64 KiB of it).
    head += text;
    if (/[\r\n]/.test(head) || head.length >= 65_536) {
      const text = head;
      head = '';
      start(text);
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
      feed(decoder.write(bytes.subarray(at, at + PIECE_BYTES)));
      await nextTurn();
      if (failure) throw failure;
      if (records.length) {
        const batch = records;
        records = [];
        yield batch;
      }
    }
  }
  feed(decoder.end());
  if (!parser && head) start(head);
  if (!parser) return; // an empty file
  (parser as ReturnType<typeof parse>).end();
  await ended;
  if (records.length) yield records;
}
