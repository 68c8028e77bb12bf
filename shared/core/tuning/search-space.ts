/**
 * Maps hyperparameter settings to and from the unit hypercube [0, 1]^d that the optimisers work in.
 *
 * Dimension order: continuous ranges, then integer ranges, then categorical ranges, each in the
 * order given. Scaling: Linear/Auto is affine, Logarithmic is affine in log(v), ReverseLogarithmic
 * is affine in -log(1 - v) (dense near 1, for values like momentum). Integers own equal-width
 * cells [k - 0.5, k + 0.5] in the scaled coordinate, so the end points are as likely as the
 * interior under uniform sampling; decoding rounds. A categorical range with k values is one
 * dimension split into k equal cells (ordinal to the GP, which is acceptable for few values).
 */
import {
  CategoricalRange,
  HyperParameters,
  ScalingType,
  TuningParameterRanges,
  validateParameterRanges,
} from './parameter-ranges';

type Dimension =
  | { kind: 'continuous' | 'integer'; name: string; min: number; max: number; scaling: ScalingType }
  | { kind: 'categorical'; name: string; values: string[] };

export class SearchSpace {
  readonly dimension: number;
  readonly names: readonly string[];
  private readonly dims: Dimension[];

  constructor(readonly ranges: TuningParameterRanges) {
    validateParameterRanges(ranges);
    const dims: Dimension[] = [];
    for (const r of ranges.ContinuousParameterRanges ?? []) {
      dims.push({ kind: 'continuous', name: r.Name, min: r.MinValue, max: r.MaxValue, scaling: r.ScalingType });
    }
    for (const r of ranges.IntegerParameterRanges ?? []) {
      dims.push({ kind: 'integer', name: r.Name, min: r.MinValue, max: r.MaxValue, scaling: r.ScalingType });
    }
    for (const r of ranges.CategoricalParameterRanges ?? []) {
      dims.push(categoricalDimension(r));
    }
    this.dims = dims;
    this.dimension = dims.length;
    this.names = dims.map((d) => d.name);
  }

  /** Unit-cube point → hyperparameters. Throws on a wrong length or a coordinate outside [0, 1]. */
  decode(point: ArrayLike<number>): HyperParameters {
    this.checkPoint(point);
    const params: HyperParameters = {};
    for (let j = 0; j < this.dims.length; j++) params[this.dims[j].name] = decodeValue(this.dims[j], point[j]);
    return params;
  }

  /** Hyperparameters → unit-cube point (integers and categories land on their cell centres). */
  encode(params: HyperParameters): Float64Array {
    for (const key of Object.keys(params)) {
      if (!this.names.includes(key))
        throw new Error(`encode: unexpected hyperparameter '${key}' (known: ${this.names.join(', ')})`);
    }
    const point = new Float64Array(this.dims.length);
    for (let j = 0; j < this.dims.length; j++) {
      const dim = this.dims[j];
      const value = params[dim.name];
      if (value === undefined) throw new Error(`encode: hyperparameter '${dim.name}' is missing`);
      if (dim.kind === 'categorical') {
        const index = typeof value === 'string' ? dim.values.indexOf(value) : -1;
        if (index < 0) {
          throw new Error(
            `encode: '${dim.name}' must be one of ${JSON.stringify(dim.values)}, got ${JSON.stringify(value)}`,
          );
        }
        point[j] = encodeValid(dim, value);
        continue;
      }
      if (typeof value !== 'number' || !(value >= dim.min && value <= dim.max)) {
        throw new Error(
          `encode: '${dim.name}' must be a number in [${dim.min}, ${dim.max}], got ${JSON.stringify(value)}`,
        );
      }
      if (dim.kind === 'integer' && !Number.isInteger(value)) {
        throw new Error(`encode: '${dim.name}' must be an integer, got ${value}`);
      }
      point[j] = encodeValid(dim, value);
    }
    return point;
  }

  /**
   * The unit-cube point of the setting `point` actually decodes to (integer/categorical snapping):
   * encode(decode(point)), without building the setting (the acquisition search calls it for every
   * candidate).
   */
  snap(point: ArrayLike<number>): Float64Array {
    this.checkPoint(point);
    const snapped = new Float64Array(this.dims.length);
    for (let j = 0; j < this.dims.length; j++)
      snapped[j] = encodeValid(this.dims[j], decodeValue(this.dims[j], point[j]));
    return snapped;
  }

  private checkPoint(point: ArrayLike<number>): void {
    if (point.length !== this.dims.length) {
      throw new Error(
        `decode: point has ${point.length} coordinates, the search space has ${this.dims.length} (${this.names.join(', ')})`,
      );
    }
    for (let j = 0; j < point.length; j++) {
      if (!(point[j] >= 0 && point[j] <= 1)) {
        throw new Error(`decode: coordinate ${j} ('${this.dims[j].name}') must be in [0, 1], got ${point[j]}`);
      }
    }
  }
}

/** The value coordinate `u` of `dim` decodes to (integers rounded, values clamped to the range). */
function decodeValue(dim: Dimension, u: number): string | number {
  if (dim.kind === 'categorical') return dim.values[Math.min(dim.values.length - 1, Math.floor(u * dim.values.length))];
  if (dim.kind === 'integer') {
    const [lo, hi] = scaledInterval(dim.scaling, dim.min - 0.5, dim.max + 0.5);
    const value = Math.round(unscale(dim.scaling, lo + u * (hi - lo)));
    return Math.min(dim.max, Math.max(dim.min, value));
  }
  const [lo, hi] = scaledInterval(dim.scaling, dim.min, dim.max);
  // The cube's faces map exactly onto the bounds (exp(log(0.01)) is not 0.01).
  const value = u === 0 ? dim.min : u === 1 ? dim.max : unscale(dim.scaling, lo + u * (hi - lo));
  return Math.min(dim.max, Math.max(dim.min, value));
}

/** The coordinate of a valid value of `dim` (an integer's or a category's at its cell centre). */
function encodeValid(dim: Dimension, value: string | number): number {
  if (dim.kind === 'categorical') return (dim.values.indexOf(value as string) + 0.5) / dim.values.length;
  const [lo, hi] =
    dim.kind === 'integer'
      ? scaledInterval(dim.scaling, dim.min - 0.5, dim.max + 0.5)
      : scaledInterval(dim.scaling, dim.min, dim.max);
  return Math.min(1, Math.max(0, (scale(dim.scaling, value as number) - lo) / (hi - lo)));
}

function categoricalDimension(range: CategoricalRange): Dimension {
  return { kind: 'categorical', name: range.Name, values: [...range.Values] };
}

function scale(scaling: ScalingType, value: number): number {
  if (scaling === 'Logarithmic') return Math.log(value);
  if (scaling === 'ReverseLogarithmic') return -Math.log1p(-value);
  return value;
}

function unscale(scaling: ScalingType, scaled: number): number {
  if (scaling === 'Logarithmic') return Math.exp(scaled);
  if (scaling === 'ReverseLogarithmic') return -Math.expm1(-scaled);
  return scaled;
}

function scaledInterval(scaling: ScalingType, min: number, max: number): [number, number] {
  return [scale(scaling, min), scale(scaling, max)];
}
