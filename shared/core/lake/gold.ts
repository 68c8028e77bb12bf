/**
 * The gold layer: a table stored as several snappy Parquet part files under a prefix, plus a
 * `_manifest.json` that is the single source of truth for which parts make up the table.
 *
 * Write protocol (readers that follow the manifest never see a mix of two writes):
 *  1. parts of a new generation are put as `part-NNNNN-gGGGGGG.snappy.parquet` with put-if-absent,
 *     so they never replace a file an existing manifest points to;
 *  2. `_manifest.json` is written LAST;
 *  3. only then are part files of older generations (and any other stray parts) deleted.
 * Read protocol: every listed part must exist, hold exactly the rows and bytes the manifest says
 * and match the manifest schema; all parts are concatenated in order. Part files present under
 * the prefix but not listed (left over by a writer that crashed before step 3, or by a failed
 * write before step 2) are reported as warnings — the manifest is authoritative — or as an
 * error with `{ strayParts: 'error' }`.
 */
import { Table } from 'apache-arrow';
import { ObjectStore, joinKey } from '../storage/object-store';
import { parquetToTable, tableToParquet } from './parquet';
import { goldManifestKey, MANIFEST_NAME } from './gold-layout';

const MANIFEST_FORMAT = 'stroke-gold-parts/1';
const PART_PATTERN = /^part-\d{5}-g\d{6}\.snappy\.parquet$/;

export interface ManifestField {
  name: string;
  type: string;
  nullable: boolean;
}

export interface ManifestPart {
  /** File name relative to the prefix. */
  file: string;
  rows: number;
  bytes: number;
}

export interface GoldManifest {
  format: string;
  generation: number;
  createdAt: string;
  totalRows: number;
  schema: ManifestField[];
  parts: ManifestPart[];
}

export interface WriteGoldOptions {
  /** Maximum rows per part file (positive integer). */
  rowsPerPart: number;
  /** Clock for `createdAt` (tests). */
  now?: () => Date;
}

export interface ReadGoldOptions {
  /** How to treat part files under the prefix that the manifest does not list (default 'warn'). */
  strayParts?: 'warn' | 'error';
}

export interface GoldReadResult {
  table: Table;
  manifest: GoldManifest;
  warnings: string[];
}

function partFileName(index: number, generation: number): string {
  return `part-${String(index).padStart(5, '0')}-g${String(generation).padStart(6, '0')}.snappy.parquet`;
}

function manifestSchema(table: Table): ManifestField[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
}

/** Writes `table` as parts + manifest under `prefix`, replacing what was there; returns the manifest. */
export async function writeGold(
  store: ObjectStore,
  prefix: string,
  table: Table,
  options: WriteGoldOptions,
): Promise<GoldManifest> {
  const { rowsPerPart } = options;
  if (!Number.isInteger(rowsPerPart) || rowsPerPart <= 0) {
    throw new Error(`writeGold ${location(store, prefix)}: rowsPerPart must be a positive integer, got ${rowsPerPart}`);
  }
  const previous = await tryReadManifest(store, prefix);
  // Parts left by a writer that crashed before its manifest carry a newer generation than the
  // manifest; skipping past them keeps put-if-absent from refusing this write.
  const leftovers = (await partFilesUnder(store, prefix)).map(generationOf);
  const generation = Math.max(previous?.generation ?? 0, ...leftovers) + 1;
  // An empty table still gets one (empty) part so its schema survives in Parquet.
  const partCount = Math.max(1, Math.ceil(table.numRows / rowsPerPart));
  const parts: ManifestPart[] = [];
  for (let index = 0; index < partCount; index++) {
    const slice = table.slice(index * rowsPerPart, Math.min(table.numRows, (index + 1) * rowsPerPart));
    const bytes = tableToParquet(slice);
    const file = partFileName(index, generation);
    await store.put(joinKey(prefix, file), bytes, { ifNoneMatch: true, contentType: 'application/vnd.apache.parquet' });
    parts.push({ file, rows: slice.numRows, bytes: bytes.length });
  }
  const manifest: GoldManifest = {
    format: MANIFEST_FORMAT,
    generation,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    totalRows: table.numRows,
    schema: manifestSchema(table),
    parts,
  };
  await store.put(goldManifestKey(prefix), JSON.stringify(manifest, null, 2), {
    contentType: 'application/json',
  });
  const listed = new Set(parts.map((p) => p.file));
  const obsolete = (await partFilesUnder(store, prefix)).filter((file) => !listed.has(file));
  if (obsolete.length > 0) await store.delete(obsolete.map((file) => joinKey(prefix, file)));
  return manifest;
}

/** The excluded-rows table uses the same layout under its own prefix. */
export const writeExcluded = writeGold;

export async function readGold(
  store: ObjectStore,
  prefix: string,
  options: ReadGoldOptions = {},
): Promise<GoldReadResult> {
  const where = location(store, prefix);
  const manifest = await tryReadManifest(store, prefix);
  if (manifest === undefined)
    throw new Error(`readGold ${where}: no ${MANIFEST_NAME}; the gold table was never completely written`);
  const listed = new Set(manifest.parts.map((p) => p.file));
  const stray = (await partFilesUnder(store, prefix)).filter((file) => !listed.has(file));
  const warnings: string[] = [];
  if (stray.length > 0) {
    const message = `readGold ${where}: ${stray.length} part file(s) not listed in ${MANIFEST_NAME} ignored: ${stray.join(', ')}`;
    if (options.strayParts === 'error') throw new Error(message);
    warnings.push(message);
  }
  const tables: Table[] = [];
  let rowTotal = 0;
  for (const part of manifest.parts) {
    const key = joinKey(prefix, part.file);
    const object = await store.tryGet(key);
    if (object === undefined) {
      throw new Error(`readGold ${where}: part ${part.file} listed in ${MANIFEST_NAME} is missing`);
    }
    if (object.body.length !== part.bytes) {
      throw new Error(
        `readGold ${where}: part ${part.file} has ${object.body.length} bytes, manifest says ${part.bytes}`,
      );
    }
    const table = parquetToTable(object.body, `${store.description}/${key}`);
    if (table.numRows !== part.rows) {
      throw new Error(`readGold ${where}: part ${part.file} has ${table.numRows} rows, manifest says ${part.rows}`);
    }
    assertSchema(manifestSchema(table), manifest.schema, `readGold ${where}: part ${part.file}`);
    rowTotal += table.numRows;
    tables.push(table);
  }
  if (rowTotal !== manifest.totalRows) {
    throw new Error(`readGold ${where}: parts hold ${rowTotal} rows, manifest totalRows is ${manifest.totalRows}`);
  }
  const batches = tables.flatMap((t) => t.batches);
  const table = batches.length > 0 ? new Table(batches) : tables[0];
  return { table, manifest, warnings };
}

export const readExcluded = readGold;

async function tryReadManifest(store: ObjectStore, prefix: string): Promise<GoldManifest | undefined> {
  const key = goldManifestKey(prefix);
  const object = await store.tryGet(key);
  if (object === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(object.body));
  } catch (error) {
    throw new Error(
      `${store.description}/${key}: manifest is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  return validateManifest(parsed, `${store.description}/${key}`);
}

function validateManifest(value: unknown, where: string): GoldManifest {
  const fail = (what: string): never => {
    throw new Error(`${where}: invalid manifest: ${what}`);
  };
  if (value === null || typeof value !== 'object') return fail('expected a JSON object');
  const m = value as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT) fail(`format is ${JSON.stringify(m.format)}, expected "${MANIFEST_FORMAT}"`);
  if (!Number.isInteger(m.generation)) fail('generation must be an integer');
  if (!Number.isInteger(m.totalRows)) fail('totalRows must be an integer');
  if (typeof m.createdAt !== 'string') fail('createdAt must be a string');
  if (!Array.isArray(m.schema)) fail('schema must be an array');
  if (!Array.isArray(m.parts)) return fail('parts must be an array');
  (m.parts as unknown[]).forEach((part, i) => {
    const p = part as Record<string, unknown> | null;
    if (p === null || typeof p !== 'object') fail(`parts[${i}] must be an object`);
    else if (typeof p.file !== 'string' || !PART_PATTERN.test(p.file))
      fail(`parts[${i}].file is ${JSON.stringify(p.file)}`);
    else if (!Number.isInteger(p.rows) || !Number.isInteger(p.bytes)) fail(`parts[${i}] rows/bytes must be integers`);
  });
  return value as GoldManifest;
}

function assertSchema(actual: ManifestField[], expected: ManifestField[], where: string): void {
  const describe = (fields: ManifestField[]): string => fields.map((f) => `${f.name}:${f.type}`).join(', ');
  const same =
    actual.length === expected.length &&
    actual.every((f, i) => f.name === expected[i].name && f.type === expected[i].type);
  if (!same)
    throw new Error(`${where}: schema [${describe(actual)}] differs from the manifest's [${describe(expected)}]`);
}

function generationOf(file: string): number {
  return Number(file.slice(file.lastIndexOf('-g') + 2, file.indexOf('.')));
}

/** Part file names directly under `prefix` (not in sub-folders, not in sibling prefixes). */
async function partFilesUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const folder = joinKey(prefix) === '' ? '' : `${joinKey(prefix)}/`;
  const objects = await store.list(folder);
  return objects
    .map((o) => o.key.slice(folder.length))
    .filter((name) => !name.includes('/') && PART_PATTERN.test(name));
}

function location(store: ObjectStore, prefix: string): string {
  return `${store.description}/${prefix}`;
}
