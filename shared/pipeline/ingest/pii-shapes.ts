/**
 * Recognises personal data by its shape, for values outside the PII columns: a column shift (an
 * unquoted comma in an address plus a missing field) moves a phone number or an address tail
 * into a kept column, where dropping the PII columns does not catch it. stripPii withholds a
 * row with such a value before anything is uploaded.
 *
 * Precise by construction for this dataset: every shape needs a digit or an `@` next to letters
 * or separators that no legitimate value has (categories hold no digits; numbers, flags and
 * dates are plain digits with at most one dot, or `yyyy-mm-dd`). Recognised (documented):
 * - e-mail: `name@host.tld`;
 * - street address: a house number, up to four words and a street suffix (`8464 Washington Pl`,
 *   `12 Elm Street`); a unit (`Apt 12`, `Suite 4`); `PO Box 1234`;
 * - city, state and ZIP: a US state code and a ZIP (`Albany NY 12240`, ` NY 12239`, `MA 01970-1234`);
 * - phone number: three or four digit groups split by spaces, dots or dashes, optionally with a
 *   country code and an area code in parentheses (`(919) 555-6527`, `+1-559-555-8815`,
 *   `+44 20 7946 0958`); a local `555-6527`; `+` and 7 to 15 digits; 10 to 15 bare digits
 *   beyond the int32 range of ids (`5595558815`).
 * Not recognised: names and bare city names (no shape tells them from a category typo); a row
 * whose shift carries only those is still caught when another of its kept values has a shape.
 */

export type PiiShape = 'e-mail address' | 'street address' | 'city, state and ZIP' | 'phone number';

const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const STREET_SUFFIXES =
  'St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Ct|Court|Way|Pl|Place|Ter|Terrace|Pkwy|Parkway|Hwy|Highway|Cir|Circle|Sq|Square|Trl|Trail|Plz|Plaza|Aly|Alley';

const EMAIL = /[^\s@,;]+@[^\s@,;]+\.[A-Za-z]{2,}/;
const STREET = new RegExp(
  `(?:^|[^\\w.])\\d{1,6}[A-Za-z]?\\s+(?:[A-Za-z0-9.'-]+\\s+){0,4}(?:${STREET_SUFFIXES})\\b`,
  'i',
);
const UNIT = /\b(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\s*\d+|\bP\.?\s?O\.?\s+Box\s+\d+/i;
const CITY_STATE_ZIP = new RegExp(`(?:^|[^A-Za-z])(?:${STATES}),?\\s+\\d{5}(?:-\\d{4})?(?!\\d)`);
const SEP = '[ .-]';
const PHONE_GROUPS = new RegExp(
  `(?:^|[^\\w.+])(?:\\+\\d{1,3}${SEP}?)?(?:\\(\\d{2,4}\\)${SEP}?|\\d{2,4}${SEP})\\d{3,4}${SEP}\\d{3,4}(?![\\w.])`,
);
const PHONE_LOCAL = /(?:^|[^\w.-])\d{3}[ .-]\d{4}(?![\w.-])/;
const PHONE_PLUS = /^\+\d{7,15}$/;
const BARE_DIGITS = /^\d{10,15}$/;
const MAX_ID = 2_147_483_647;
const DIGIT_OR_AT = /[\d@]/;
/** Most values of a row, and certainly not personal data: short plain decimals and ISO dates. */
const PLAIN_NUMBER_OR_DATE = /^(?:\d{1,9}(?:\.\d+)?|\d{4}-\d{2}-\d{2})$/;

/** The kind of personal data `value` looks like, or undefined. */
export function piiShapeOf(value: string): PiiShape | undefined {
  if (!DIGIT_OR_AT.test(value) || PLAIN_NUMBER_OR_DATE.test(value)) return undefined;
  if (EMAIL.test(value)) return 'e-mail address';
  if (STREET.test(value) || UNIT.test(value)) return 'street address';
  if (CITY_STATE_ZIP.test(value)) return 'city, state and ZIP';
  const trimmed = value.trim();
  if (PHONE_GROUPS.test(value) || PHONE_LOCAL.test(value) || PHONE_PLUS.test(trimmed)) return 'phone number';
  if (BARE_DIGITS.test(trimmed) && Number(trimmed) > MAX_ID) return 'phone number';
  return undefined;
}
