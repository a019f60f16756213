// Names as people say them: the company without its legal form ("Müller & Söhne", not
// "Müller & Söhne GmbH"), and the contact greeted by the name they go by, not by an honorific.

/**
 * Legal forms, longest first so "GmbH & Co. KG" goes before "KG" and "Pty Ltd" before "Ltd".
 * Dots and case are optional; each must stand at the end, after a space or a comma.
 */
const LEGAL_FORMS = [
  'GmbH & Co. KGaA',
  'GmbH & Co. KG',
  'AG & Co. KG',
  'S.A.B. de C.V.',
  'S.A. de C.V.',
  'S. de R.L. de C.V.',
  'Sp. z o.o.',
  'Sp. j.',
  'Pty. Ltd.',
  'Pvt. Ltd.',
  'Private Limited',
  'Co., Ltd.',
  'Co. Ltd.',
  'Sdn. Bhd.',
  'AB (publ)',
  'Public Limited Company',
  'Incorporated',
  'Corporation',
  'Limited',
  'Company',
  'S.p.A.',
  'S.r.l.',
  'S.a.r.l.',
  'SARL',
  'S.A.S.',
  'S.A.U.',
  'S.L.U.',
  'S.L.',
  'S.A.',
  'S.C.',
  'S.C.A.',
  'S.E.',
  'K.K.',
  'G.K.',
  'B.V.',
  'N.V.',
  'B.V.B.A.',
  'GmbH',
  'gGmbH',
  'mbH',
  'KGaA',
  'UG',
  'e.K.',
  'KG',
  'OHG',
  'AG',
  'SE',
  'ASA',
  'A/S',
  'ApS',
  'AS',
  'AB',
  'HB',
  'Oyj',
  'Oy',
  'PLC',
  'LLC',
  'L.L.C.',
  'LLP',
  'L.P.',
  'LP',
  'PLLC',
  'P.C.',
  'Inc.',
  'Corp.',
  'Co.',
  'Ltd.',
  'Ltda.',
  'Lda.',
  'Bhd.',
  'Pte. Ltd.',
  'Pte.',
  'Kft.',
  'Zrt.',
  'Nyrt.',
  'Bt.',
  's.r.o.',
  'a.s.',
  'spol. s r.o.',
  'd.o.o.',
  'd.d.',
  'S.R.L.',
  'SRL',
  'SpA',
  'SAS',
  'SA',
  'SL',
  'BV',
  'NV',
  'KK',
  'Pty',
  'Pvt',
  'Ltd',
  'Inc',
  'Corp',
  'PC',
  'EIRL',
  'EURL',
  'SNC',
];

function formPattern(form: string): string {
  return form
    .split('')
    .map((ch) => (ch === '.' ? '\\.?' : ch === ' ' ? '\\s*' : /[()&/,]/.test(ch) ? `\\${ch}` : ch))
    .join('');
}

const LEGAL_SUFFIX = new RegExp(String.raw`(?:,?\s+|,)(?:${LEGAL_FORMS.map(formPattern).join('|')})\.?\s*$`, 'i');
/** The all-caps short forms need their case: "Sa" or "As" at the end of a name is a word, not a legal form. */
const CASE_SENSITIVE = new Set(['AS', 'AB', 'SA', 'SL', 'SE', 'UG', 'KG', 'HB', 'PC', 'LP', 'NV', 'BV', 'KK', 'AG']);

/** "Acme Logistics" for "Acme Logistics, Inc."; the name as typed when removing the form leaves nothing. */
export function shortCompanyName(legalName: string | null | undefined): string | null {
  let name = (legalName ?? '').replace(/\s+/g, ' ').trim();
  if (!name) return null;
  for (let i = 0; i < 3; i++) {
    const match = LEGAL_SUFFIX.exec(name);
    if (!match) break;
    const form = match[0].replace(/^[,\s]+/, '').trim();
    if (CASE_SENSITIVE.has(form.toUpperCase().replace(/\./g, '')) && form !== form.toUpperCase() && !form.includes('.'))
      break;
    const rest = name.slice(0, match.index).replace(/[\s,]+$/, '');
    if (!/\p{L}|\p{N}/u.test(rest)) break;
    name = rest;
  }
  // A trailing dot that belonged to the legal form ("Acme Corp." -> "Acme") is gone; a dangling "&" too.
  return name.replace(/\s*&$/, '').trim();
}

// ---------- people ----------

/** Honorifics in the languages reps meet most; matched without the dot and case-insensitively. */
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'herr',
  'frau',
  'hr',
  'fr',
  'mme',
  'mlle',
  'm',
  'monsieur',
  'madame',
  'sr',
  'sra',
  'srta',
  'don',
  'doña',
  'dona',
  'dott',
  'dott.ssa',
  'dottssa',
  'ing',
  'avv',
  'arch',
  'mag',
  'dipl',
  'dipl.-ing',
  'sig',
  'sig.ra',
  'signor',
  'signora',
  'heer',
  'mevrouw',
  'mevr',
  'dhr',
  'pan',
  'pani',
  'eng',
  'rev',
]);
/** Honorifics that read as a polite greeting with a family name ("Dear Herr Müller"). */
const HONORIFIC_SPELLING: Record<string, string> = {
  mr: 'Mr.',
  mrs: 'Mrs.',
  ms: 'Ms.',
  miss: 'Miss',
  mx: 'Mx.',
  dr: 'Dr.',
  prof: 'Prof.',
  professor: 'Professor',
  herr: 'Herr',
  frau: 'Frau',
  mme: 'Mme',
  mlle: 'Mlle',
  m: 'M.',
  monsieur: 'Monsieur',
  madame: 'Madame',
  sr: 'Sr.',
  sra: 'Sra.',
  srta: 'Srta.',
  dott: 'Dott.',
  'dott.ssa': 'Dott.ssa',
  ing: 'Ing.',
  sig: 'Sig.',
  'sig.ra': 'Sig.ra',
  signor: 'Signor',
  signora: 'Signora',
};
/** Second parts of compound first names that are written with a space: "María José", "Juan Carlos", "Anna Maria". */
const SECOND_GIVEN = new Set([
  'maria',
  'maría',
  'josé',
  'jose',
  'carlos',
  'luis',
  'antonio',
  'manuel',
  'pablo',
  'miguel',
  'ángel',
  'angel',
  'carmen',
  'elena',
  'isabel',
  'luisa',
  'teresa',
  'pilar',
  'fernanda',
  'eugenia',
  'victoria',
  'paz',
  'marie',
  'pierre',
  'claude',
  'luc',
  'anne',
  'louise',
  'paul',
  'françois',
  'francois',
  'joão',
  'joao',
  'eduardo',
  'javier',
  'ignacio',
  'alberto',
  'grazia',
  'rosa',
]);

function honorificKey(word: string): string {
  return word
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/\.(?=ssa|ra)/, '.');
}

function isHonorific(word: string): boolean {
  const key = honorificKey(word);
  return HONORIFICS.has(key) || HONORIFICS.has(key.replace(/\./g, ''));
}

/** "dana" -> "Dana", "jean-luc" -> "Jean-Luc", "o'brien" -> "O'Brien"; mixed case as typed stays. */
export function capitaliseName(word: string): string {
  if (/\p{Lu}/u.test(word) && /\p{Ll}/u.test(word)) return word;
  return word
    .toLowerCase()
    .replace(/(^|[-'’\s])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

export interface Greeting {
  /** What follows "Hi": a first name ("Dana") or a polite form ("Herr Müller"). */
  name: string;
  /** True for "Herr Müller" / "Dr. Natarajan": a greeting that reads better with "Dear" or "Hello". */
  formal: boolean;
}

/**
 * How to greet a contact. A "greet as" the rep gave wins. Otherwise honorifics are skipped, compound
 * first names kept, and a family name written first is recognised only when the typing says so
 * ("NAGY Anna", "Whitfield, Dana"). An honorific with only a family name greets formally ("Herr Müller").
 */
export function greetingFor(contactName: string | null | undefined, greetAs?: string | null): Greeting | null {
  const given = (greetAs ?? '').replace(/[\s,;:.!]+$/, '').trim();
  if (given && /\p{L}/u.test(given) && !given.includes('@')) {
    // "Dr. Müller" reads as "Hello Dr. Müller,", never "Hi Dr. Müller,".
    const [first, ...rest] = given.split(/\s+/);
    return { name: given, formal: rest.length > 0 && isHonorific(first!) };
  }
  const raw = (contactName ?? '')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!raw || raw.includes('@') || !/\p{L}/u.test(raw)) return null;
  // "Whitfield, Dana": family name, comma, given name.
  const comma = /^([^,]+),\s*(.+)$/.exec(raw);
  let words = (comma ? `${comma[2]} ${comma[1]}` : raw).split(' ').filter(Boolean);
  const honorifics: string[] = [];
  while (words.length > 0 && isHonorific(words[0]!)) honorifics.push(words.shift()!);
  words = words.map((w) => w.replace(/[,;:]+$/, '')).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return null;
  if (honorifics.length > 0 && words.length === 1) {
    const spelled = HONORIFIC_SPELLING[honorificKey(honorifics[0]!)] ?? honorifics[0]!;
    return { name: `${spelled} ${capitaliseName(words[0]!)}`, formal: true };
  }
  // "TANAKA Hiroshi": a family name in capitals written first, the convention in many Asian and Hungarian lists.
  if (!comma && words.length === 2 && /^\p{Lu}{2,}$/u.test(words[0]!) && /^\p{Lu}\p{Ll}/u.test(words[1]!)) {
    return { name: words[1]!, formal: false };
  }
  let first = capitaliseName(words[0]!);
  if (words.length >= 3 && SECOND_GIVEN.has(words[1]!.toLowerCase())) first = `${first} ${capitaliseName(words[1]!)}`;
  return { name: first.replace(/\.$/, ''), formal: false };
}

/** The rep's first name to say on the phone ("Sam" from "Sam Rivera"). */
export function spokenFirstName(fullName: string | null | undefined): string | null {
  return greetingFor(fullName)?.name ?? null;
}
