/**
 * Data capture like a SageMaker endpoint's: a sample of the served requests and their responses
 * becomes JSON Lines objects under
 * `<prefix>/<endpointName>/<variant>/yyyy/mm/dd/hh/<mm-ss-SSS>-<uuid>.jsonl` (UTC, hour of the
 * records' inference time; the file name starts with the first record's minute, second and
 * millisecond as SageMaker's does), one object per exchange:
 * `{captureData: {endpointInput, endpointOutput}, eventMetadata: {eventId, inferenceTime}, eventVersion: '0'}`.
 *
 * Sampling draws from a seeded Random, so the same seed and request order capture the same
 * requests. Event ids and file names use crypto UUIDs instead: they must never repeat across
 * restarts, or a new file would overwrite an old one. Records are buffered and written on an
 * interval, when the buffer is full, on `flush()` and on `close()`. A failed write keeps the
 * records for the next attempt (up to `maxRetainedRecords`, beyond which the oldest are dropped
 * and counted in `stats.dropped`) and never reaches the request that produced them.
 */
import { randomUUID } from 'node:crypto';
import { ObjectStore, joinKey } from '../../core/storage/object-store';
import { Random } from '../../core/util/random';

export type CaptureEncoding = 'CSV' | 'JSON' | 'BASE64';

export interface CaptureOptions {
  store: ObjectStore;
  prefix: string;
  /** Share of served requests captured, 0..100. */
  samplingPercentage: number;
  endpointName: string;
  /** Production variant (default 'AllTraffic', the name SageMaker gives a single variant). */
  variantName?: string;
  /** Seed of the sampling draws (default 0). */
  seed?: number;
  /** Write buffered records at least this often (default 10 s; 0 disables the timer). */
  flushIntervalMs?: number;
  /** Write as soon as this many records are buffered (default 500). */
  maxBufferedRecords?: number;
  /** Records kept while the store is failing (default 20 × maxBufferedRecords). */
  maxRetainedRecords?: number;
  now?: () => Date;
  /** Called with every failed background write (explicit flush() rejects instead). */
  onError?: (error: Error) => void;
}

export interface CapturedExchange {
  inputContentType: string;
  inputData: string;
  outputContentType: string;
  outputData: string;
  encoding: CaptureEncoding;
  /** When the input is encoded differently from the output (default: `encoding`). */
  inputEncoding?: CaptureEncoding;
}

export interface CaptureSide {
  observedContentType: string;
  mode: 'INPUT' | 'OUTPUT';
  data: string;
  encoding: CaptureEncoding;
}

export interface CaptureRecord {
  captureData: { endpointInput: CaptureSide; endpointOutput: CaptureSide };
  eventMetadata: { eventId: string; inferenceTime: string };
  eventVersion: '0';
}

export interface CaptureStats {
  offered: number;
  sampled: number;
  written: number;
  files: number;
  dropped: number;
  failedWrites: number;
  lastError: string | undefined;
}

const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The hour partition of an ISO time and the file-name stamp within it. */
function capturePartition(time: Date): { hourPath: string; stamp: string } {
  const hourPath = [time.getUTCFullYear(), time.getUTCMonth() + 1, time.getUTCDate(), time.getUTCHours()]
    .map((v, i) => pad(v, i === 0 ? 4 : 2))
    .join('/');
  return {
    hourPath,
    stamp: `${pad(time.getUTCMinutes())}-${pad(time.getUTCSeconds())}-${pad(time.getUTCMilliseconds(), 3)}`,
  };
}

export class CaptureWriter {
  private readonly random: Random;
  private readonly variant: string;
  private readonly now: () => Date;
  private readonly maxBuffered: number;
  private readonly maxRetained: number;
  private buffer: CaptureRecord[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly counters: CaptureStats = {
    offered: 0,
    sampled: 0,
    written: 0,
    files: 0,
    dropped: 0,
    failedWrites: 0,
    lastError: undefined,
  };

  constructor(private readonly options: CaptureOptions) {
    const { samplingPercentage, endpointName } = options;
    if (typeof samplingPercentage !== 'number' || !(samplingPercentage >= 0 && samplingPercentage <= 100)) {
      throw new Error(`capture: samplingPercentage is ${samplingPercentage}; expected a number in 0..100`);
    }
    if (!ENDPOINT_NAME.test(endpointName)) {
      throw new Error(
        `capture: endpointName ${JSON.stringify(endpointName)} is not a SageMaker endpoint name (letters, digits, hyphens; at most 63)`,
      );
    }
    this.random = new Random(options.seed ?? 0);
    this.variant = options.variantName ?? 'AllTraffic';
    this.now = options.now ?? (() => new Date());
    this.maxBuffered = positiveInteger(options.maxBufferedRecords ?? 500, 'maxBufferedRecords');
    this.maxRetained = positiveInteger(options.maxRetainedRecords ?? 20 * this.maxBuffered, 'maxRetainedRecords');
    const interval = options.flushIntervalMs ?? 10_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.flushInBackground(), interval);
      this.timer.unref();
    }
  }

  get stats(): CaptureStats {
    return { ...this.counters };
  }

  /** Records the exchange if it is sampled; returns whether it was. */
  offer(exchange: CapturedExchange): boolean {
    if (this.closed) return false;
    this.counters.offered++;
    if (!(this.random.next() * 100 < this.options.samplingPercentage)) return false;
    this.counters.sampled++;
    this.buffer.push({
      captureData: {
        endpointInput: {
          observedContentType: exchange.inputContentType,
          mode: 'INPUT',
          data: exchange.inputData,
          encoding: exchange.inputEncoding ?? exchange.encoding,
        },
        endpointOutput: {
          observedContentType: exchange.outputContentType,
          mode: 'OUTPUT',
          data: exchange.outputData,
          encoding: exchange.encoding,
        },
      },
      eventMetadata: { eventId: randomUUID(), inferenceTime: this.now().toISOString() },
      eventVersion: '0',
    });
    if (this.buffer.length >= this.maxBuffered) this.flushInBackground();
    return true;
  }

  /** Writes everything buffered so far; rejects when the store refuses a write. */
  flush(): Promise<void> {
    const run = this.writing.then(() => this.writeBuffered());
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Stops sampling and the timer, then writes what is buffered. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private flushInBackground(): void {
    this.flush().catch((error: unknown) => {
      if (this.options.onError !== undefined)
        this.options.onError(error instanceof Error ? error : new Error(String(error)));
    });
  }

  private async writeBuffered(): Promise<void> {
    const pending = this.buffer;
    this.buffer = [];
    const byHour = new Map<string, CaptureRecord[]>();
    for (const record of pending) {
      const { hourPath } = capturePartition(new Date(record.eventMetadata.inferenceTime));
      const group = byHour.get(hourPath);
      if (group === undefined) byHour.set(hourPath, [record]);
      else group.push(record);
    }
    const failed: CaptureRecord[] = [];
    let firstError: unknown;
    for (const [hourPath, records] of byHour) {
      const { stamp } = capturePartition(new Date(records[0].eventMetadata.inferenceTime));
      const key = joinKey(
        this.options.prefix,
        this.options.endpointName,
        this.variant,
        hourPath,
        `${stamp}-${randomUUID()}.jsonl`,
      );
      const body = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
      try {
        await this.options.store.put(key, body, { contentType: 'application/jsonlines' });
        this.counters.written += records.length;
        this.counters.files++;
      } catch (error) {
        failed.push(...records);
        if (firstError === undefined) firstError = error;
      }
    }
    if (firstError === undefined) return;
    this.counters.failedWrites++;
    this.counters.lastError = firstError instanceof Error ? firstError.message : String(firstError);
    this.buffer = [...failed, ...this.buffer];
    const excess = this.buffer.length - this.maxRetained;
    if (excess > 0) {
      this.buffer.splice(0, excess);
      this.counters.dropped += excess;
    }
    throw new Error(
      `capture: writing ${failed.length} record(s) to ${this.options.store.description} failed: ${this.counters.lastError}`,
    );
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`capture: ${name} is ${value}; expected a positive integer`);
  return value;
}
