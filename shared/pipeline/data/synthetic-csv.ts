/**
 * Synthetic raw CSV files of either dataset variant, written the way the real files are:
 * - original: UTF-8 BOM, CRLF line ends, unique random ids, integer ages written `67`,
 *   missing bmi written `N/A`;
 * - pii: LF line ends, admission dates spread uniformly over 2025-01-01..2025-06-29, fake
 *   name / phone / address (addresses contain commas and are quoted), ages written `67.0`,
 *   missing bmi empty.
 * Output comes in chunks of text so any number of rows can be written in bounded memory.
 */
import { formatCsvField, formatCsvRow } from '../../core/csv/csv-writer';
import { RAW_HEADERS, Variant } from '../schema';
import { Random } from '../../core/util/random';
import { fakeAddress, fakeFullName, fakePhoneNumber } from './fake-pii';
import { drawPatient, SyntheticPatient } from './synthetic';

export interface SyntheticCsvOptions {
  variant: Variant;
  rows: number;
  seed: number;
}

const ADMISSION_START_MS = Date.UTC(2025, 0, 1);
const ADMISSION_DAYS = 180; // 2025-01-01 .. 2025-06-29 inclusive
const MS_PER_DAY = 86_400_000;
const MAX_ORIGINAL_ROWS = 70_000_000; // ids must stay within int32

/** The whole file as consecutive text chunks of about `rowsPerChunk` rows each. */
export function* syntheticCsvChunks(options: SyntheticCsvOptions, rowsPerChunk = 4096): Generator<string, void, undefined> {
  const { variant, rows, seed } = options;
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  if (variant !== 'original' && variant !== 'pii') throw new RangeError(`variant must be 'original' or 'pii', got ${String(variant)}`);
  if (variant === 'original' && rows > MAX_ORIGINAL_ROWS) {
    throw new RangeError(`at most ${MAX_ORIGINAL_ROWS} rows for the original variant (ids are int32), got ${rows}`);
  }
  const rng = new Random(seed);
  const patientRng = rng.fork();
  const piiRng = rng.fork();
  const ids = idSequence(rng, rows);
  const eol = variant === 'original' ? '\r\n' : '\n';
  let chunk = (variant === 'original' ? '\uFEFF' : '') + RAW_HEADERS[variant].join(',') + eol;
  for (let i = 0; i < rows; i++) {
    const patient = drawPatient(patientRng, { allowOtherGender: variant === 'original' });
    chunk += (variant === 'original' ? originalRow(ids(i), patient) : piiRow(piiRng, patient)) + eol;
    if ((i + 1) % rowsPerChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The whole file as one string (small row counts: tests, notebooks). */
export function syntheticCsv(options: SyntheticCsvOptions): string {
  let text = '';
  for (const chunk of syntheticCsvChunks(options)) text += chunk;
  return text;
}

/**
 * Unique ids in random order without storing them: an affine bijection i → (a·i + b) mod 2^k
 * (a odd) over a range about 14 times the row count, like the sparse ids of the real file.
 */
function idSequence(rng: Random, rows: number): (i: number) => number {
  let range = 1 << 17;
  while (range < rows * 14 && range < 1 << 30) range *= 2;
  const mask = range - 1;
  const multiplier = (rng.int(range >> 1) * 2 + 1) | 0;
  const offset = rng.int(range);
  return (i) => ((Math.imul(i, multiplier) + offset) & mask) + 1;
}

/** The clinical fields, in the order both variants publish them; the variants differ in how age and a missing BMI are written. */
function clinicalFields(p: SyntheticPatient, age: string, missingBmi: string): Array<string | number> {
  return [
    p.gender,
    age,
    p.hypertension,
    p.heartDisease,
    p.everMarried ? 'Yes' : 'No',
    p.workType,
    p.residenceType,
    p.avgGlucoseLevel,
    p.bmi === null ? missingBmi : p.bmi,
    p.smokingStatus,
    p.stroke,
  ];
}

function originalRow(id: number, p: SyntheticPatient): string {
  return [id, ...clinicalFields(p, String(p.age), 'N/A')].join(',');
}

function piiRow(rng: Random, p: SyntheticPatient): string {
  const day = rng.int(ADMISSION_DAYS);
  const admissionDate = new Date(ADMISSION_START_MS + day * MS_PER_DAY).toISOString().slice(0, 10);
  const head = formatCsvRow([admissionDate, fakeFullName(rng, p.gender), fakePhoneNumber(rng), fakeAddress(rng)]);
  const rest = clinicalFields(p, Number.isInteger(p.age) ? p.age.toFixed(1) : String(p.age), '');
  return `${head},${rest.map((v) => formatCsvField(String(v))).join(',')}`;
}
