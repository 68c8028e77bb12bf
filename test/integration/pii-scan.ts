/**
 * After a pipeline run on the PII-augmented input: every object in every bucket (Parquet decoded,
 * everything else read as text, object metadata included), every file under reports/ (executed
 * notebooks with all their outputs, HTML, metrics) must be free of every name, phone number and
 * address of the input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataType } from 'apache-arrow';
import { openCsvTable } from '../../shared/core/csv/csv-reader';
import { PII_COLUMNS } from '../../shared/pipeline/schema';
import { parquetToTable } from '../../shared/core/lake/parquet';
import type { PipelineSession } from '../../shared/pipeline/session';

const KEY_LENGTH = 6;

/** Finds any of many needles in a text in one pass, indexing needles by their first characters. */
export class NeedleSet {
  private readonly byPrefix = new Map<string, string[]>();
  readonly size: number;

  constructor(needles: Iterable<string>) {
    let size = 0;
    for (const needle of new Set(needles)) {
      if (needle.length < KEY_LENGTH) throw new Error(`needle "${needle}" is shorter than ${KEY_LENGTH} characters`);
      const key = needle.slice(0, KEY_LENGTH);
      this.byPrefix.set(key, [...(this.byPrefix.get(key) ?? []), needle]);
      size++;
    }
    this.size = size;
  }

  firstIn(text: string): string | undefined {
    for (let i = 0; i + KEY_LENGTH <= text.length; i++) {
      const candidates = this.byPrefix.get(text.substr(i, KEY_LENGTH));
      if (candidates) for (const needle of candidates) if (text.startsWith(needle, i)) return needle;
    }
    return undefined;
  }
}

export async function piiValuesOf(csvPath: string): Promise<string[]> {
  const table = await openCsvTable(fs.createReadStream(csvPath), { fileName: path.basename(csvPath) });
  const indexes = PII_COLUMNS.pii.map((column) => table.header.indexOf(column));
  if (indexes.some((i) => i < 0)) throw new Error(`${csvPath} lacks a PII column (${PII_COLUMNS.pii.join(', ')})`);
  const values: string[] = [];
  for await (const batch of table.rows)
    for (const record of batch.records) for (const i of indexes) values.push(record.fields[i].trim());
  return values;
}

function parquetText(bytes: Uint8Array, source: string): string {
  const table = parquetToTable(bytes, source);
  return table.schema.fields
    .filter((f) => DataType.isUtf8(f.type) || DataType.isDictionary(f.type))
    .map((f) =>
      Array.from({ length: table.numRows }, (_, i) => String(table.getChild(f.name)?.get(i) ?? '')).join('\n'),
    )
    .join('\n');
}

export interface PiiFinding {
  where: string;
  value: string;
}

export async function scanBuckets(
  session: PipelineSession,
  needles: NeedleSet,
): Promise<{ objects: number; findings: PiiFinding[] }> {
  const findings: PiiFinding[] = [];
  let objects = 0;
  for (const store of Object.values(session.stores)) {
    for (const info of await store.list('')) {
      objects++;
      const object = await store.get(info.key);
      const where = `s3://${store.bucket}/${info.key}`;
      const texts = [
        Buffer.from(object.body).toString('latin1'),
        new TextDecoder().decode(object.body),
        JSON.stringify(object.metadata),
      ];
      if (info.key.endsWith('.parquet')) texts.push(parquetText(object.body, where));
      for (const text of texts) {
        const value = needles.firstIn(text);
        if (value) findings.push({ where, value });
      }
    }
  }
  return { objects, findings };
}

export function scanFiles(root: string, needles: NeedleSet): { files: number; findings: PiiFinding[] } {
  const findings: PiiFinding[] = [];
  let files = 0;
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!entry.name.endsWith('.png')) {
        files++;
        const value = needles.firstIn(fs.readFileSync(full, 'utf8'));
        if (value) findings.push({ where: path.relative(root, full), value });
      }
    }
  };
  visit(root);
  return { files, findings };
}
