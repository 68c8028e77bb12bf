/**
 * Quantized matrices kept for the trainings after the first. A tuning job's trials all train on one
 * matrix, and a cross-validation's settings on each fold's, and binning that matrix is a fixed cost
 * of every training (issue 14). A stored result is handed out only for features that equal, byte
 * for byte and element type included, the ones it was made from, with the same shape and max_bin:
 * a hit is exactly what `quantize` would return. The booster only reads a BinnedMatrix, so one can
 * serve several trainings. Entries past `maxBytes` are dropped, oldest first.
 */
import type { FeatureArray } from '../../xgboost/feature-matrix';
import { quantize, type BinnedMatrix } from './quantize';

interface Entry {
  features: Buffer;
  elementBytes: number;
  maxBins: number;
  binned: BinnedMatrix;
  bytes: number;
}

/** Default bound: a few folds of a notebook-sized matrix, while a 1M-row matrix is not kept. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

function bytesOf(x: FeatureArray): Buffer {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}

export class QuantizeCache {
  private entries: Entry[] = [];
  private hitCount = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** Calls answered from a stored result. */
  get hits(): number {
    return this.hitCount;
  }

  /** Bytes held: the stored features' copies and their binned codes. */
  get heldBytes(): number {
    return this.entries.reduce((sum, entry) => sum + entry.bytes, 0);
  }

  /** `quantize(x, rows, cols, maxBins)`, from the store when the same features were binned before. */
  readonly quantize = (x: FeatureArray, rows: number, cols: number, maxBins: number): BinnedMatrix => {
    const features = bytesOf(x);
    const found = this.entries.find(
      (entry) =>
        entry.binned.rows === rows &&
        entry.binned.cols === cols &&
        entry.maxBins === maxBins &&
        entry.elementBytes === x.BYTES_PER_ELEMENT &&
        entry.features.equals(features),
    );
    if (found !== undefined) {
      this.hitCount++;
      this.entries = [found, ...this.entries.filter((entry) => entry !== found)];
      return found.binned;
    }
    const binned = quantize(x, rows, cols, maxBins);
    const bytes = features.byteLength + binned.columns.byteLength;
    if (bytes <= this.maxBytes) {
      this.entries.unshift({
        features: Buffer.from(features),
        elementBytes: x.BYTES_PER_ELEMENT,
        maxBins,
        binned,
        bytes,
      });
      let held = 0;
      this.entries = this.entries.filter((entry) => (held += entry.bytes) <= this.maxBytes);
    }
    return binned;
  };
}
