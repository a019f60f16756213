// The places date-holidays knows (countries and their regions), to check `/deal team holidays DE-BY` before
// it is saved: a code it does not know would silently skip no holiday at all. Pure; date-holidays is loaded
// on first use (a few tens of milliseconds), only by the command that names a place.
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { editDistance, foldName } from './deal-names.js';

const requireLazily = createRequire(import.meta.url);
let library: Holidays | undefined;

function holidays(): Holidays {
  library ??= new (requireLazily('date-holidays') as typeof Holidays)();
  return library;
}

/** A place checked against date-holidays: its codes and names, or what is wrong with it, with the nearest codes. */
export type HolidayPlace =
  | { ok: true; country: string; region: string | null; countryName: string; regionName: string | null }
  | { ok: false; error: string };

/** How many codes a hint lists with their names; beyond that, codes only. */
const NAMED_IN_HINT = 20;

function codeList(entries: Array<[string, string]>, prefix: string): string {
  if (entries.length <= NAMED_IN_HINT) return entries.map(([code, name]) => `${prefix}${code} ${name}`).join(', ');
  return entries.map(([code]) => `${prefix}${code}`).join(', ');
}

/** The entries nearest to what was typed first (by code, then by name), then the rest in code order. */
function nearestFirst(typed: string, entries: Array<[string, string]>): Array<[string, string]> {
  const score = ([code, name]: [string, string]) =>
    Math.min(editDistance(typed.toUpperCase(), code), foldName(name).startsWith(foldName(typed)) ? 0 : 9);
  return [...entries].sort((a, b) => score(a) - score(b) || a[0].localeCompare(b[0]));
}

/**
 * Checks a country code and optional region code (`DE`, `DE-BY`, `us-ca`) against date-holidays. On a miss
 * the error names what is wrong and lists the nearest codes: the countries starting with the same letter
 * (or whose name starts with what was typed: `Germany` is DE), or every region of the country.
 */
export function holidayPlace(countryText: string, regionText: string | null): HolidayPlace {
  const countries = Object.entries(holidays().getCountries('en') ?? {}) as Array<[string, string]>;
  const country = countryText.toUpperCase();
  const countryName = countries.find(([code]) => code === country)?.[1];
  if (!countryName) {
    const byName = countries.filter(([, name]) => foldName(name).startsWith(foldName(countryText)));
    const sameLetter = countries.filter(([code]) => code[0] === country[0]);
    const hint = byName.length
      ? ` ${byName
          .slice(0, 5)
          .map(([code, name]) => `${name} is ${code}`)
          .join('; ')}.`
      : sameLetter.length
        ? ` Codes starting with ${country[0]}: ${codeList(nearestFirst(country, sameLetter), '')}.`
        : '';
    return {
      ok: false,
      error:
        `\`${countryText}\` is not a country the holiday calendar knows: give its two-letter country code ` +
        `(US, GB, DE, FR, JP, ...).${hint}`,
    };
  }
  const regions = Object.entries(holidays().getStates(country, 'en') ?? {}) as Array<[string, string]>;
  if (!regionText) return { ok: true, country, region: null, countryName, regionName: null };
  const region = regionText.toUpperCase();
  if (!regions.length) {
    return {
      ok: false,
      error:
        `${country} (${countryName}) has no regions in the holiday calendar: give \`${country}\` alone ` +
        `for its public holidays.`,
    };
  }
  const regionName = regions.find(([code]) => code === region)?.[1];
  if (!regionName) {
    const listed = codeList(nearestFirst(region, regions), `${country}-`);
    return {
      ok: false,
      error: `${country}-${region} is not a region of ${country} (${countryName}). Its regions: ${listed}.`,
    };
  }
  return { ok: true, country, region, countryName, regionName };
}

/** "DE-BY (Germany, Bayern)", "JP (Japan)"; the code alone when date-holidays does not know it (data from before). */
export function describeHolidayPlace(country: string, region: string | null | undefined): string {
  const code = `${country}${region ? `-${region}` : ''}`;
  const place = holidayPlace(country, region ?? null);
  if (!place.ok) return code;
  return `${code} (${place.countryName}${place.regionName ? `, ${place.regionName}` : ''})`;
}
