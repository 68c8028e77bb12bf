/**
 * Hyperparameter ranges shaped like SageMaker's `ParameterRanges`, but with numbers where the
 * API carries strings, so local tuning and the AWS backend are built from the same objects.
 * `toSageMakerParameterRanges` / `fromSageMakerParameterRanges` convert to and from the SDK shape.
 */
import type { ParameterRanges as SageMakerParameterRanges } from '@aws-sdk/client-sagemaker';

/**
 * 'Auto' is treated as 'Linear' locally: SageMaker does not document the heuristic it applies,
 * and passing 'Auto' through unchanged keeps the AWS behaviour intact.
 */
export type ScalingType = 'Auto' | 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';

export interface ContinuousRange {
  Name: string;
  MinValue: number;
  MaxValue: number;
  ScalingType: ScalingType;
}

/** SageMaker allows ReverseLogarithmic only for continuous ranges, so integers cannot have it. */
export interface IntegerRange {
  Name: string;
  MinValue: number;
  MaxValue: number;
  ScalingType: 'Auto' | 'Linear' | 'Logarithmic';
}

export interface CategoricalRange {
  Name: string;
  Values: string[];
}

export interface TuningParameterRanges {
  ContinuousParameterRanges?: ContinuousRange[];
  IntegerParameterRanges?: IntegerRange[];
  CategoricalParameterRanges?: CategoricalRange[];
}

/** One concrete hyperparameter setting: numbers for continuous/integer, strings for categorical. */
export type HyperParameters = Record<string, number | string>;

export interface TuningObjective {
  Type: 'Maximize' | 'Minimize';
  MetricName: string;
}

/** Throws an Error naming the offending range and rule when `ranges` is not usable. */
export function validateParameterRanges(ranges: TuningParameterRanges): void {
  const seen = new Set<string>();
  const claimName = (name: unknown, where: string): string => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new Error(`${where}: Name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new Error(`${where}: duplicate hyperparameter name '${name}'`);
    seen.add(name);
    return name;
  };
  (ranges.ContinuousParameterRanges ?? []).forEach((range, i) => {
    const name = claimName(range.Name, `ContinuousParameterRanges[${i}]`);
    checkNumericBounds(range.MinValue, range.MaxValue, `continuous range '${name}'`);
    checkScaling(range.ScalingType, range.MinValue, range.MaxValue, `continuous range '${name}'`);
  });
  (ranges.IntegerParameterRanges ?? []).forEach((range, i) => {
    const name = claimName(range.Name, `IntegerParameterRanges[${i}]`);
    const where = `integer range '${name}'`;
    if (!Number.isInteger(range.MinValue) || !Number.isInteger(range.MaxValue)) {
      throw new Error(`${where}: MinValue and MaxValue must be integers, got ${range.MinValue} and ${range.MaxValue}`);
    }
    checkNumericBounds(range.MinValue, range.MaxValue, where);
    if ((range.ScalingType as ScalingType) === 'ReverseLogarithmic') {
      throw new Error(`${where}: ReverseLogarithmic scaling is only allowed for continuous ranges`);
    }
    checkScaling(range.ScalingType, range.MinValue, range.MaxValue, where);
  });
  (ranges.CategoricalParameterRanges ?? []).forEach((range, i) => {
    const name = claimName(range.Name, `CategoricalParameterRanges[${i}]`);
    if (!Array.isArray(range.Values) || range.Values.length === 0) {
      throw new Error(`categorical range '${name}': Values must be a non-empty array of strings`);
    }
    const values = new Set<string>();
    for (const value of range.Values) {
      if (typeof value !== 'string') {
        throw new Error(`categorical range '${name}': every value must be a string, got ${JSON.stringify(value)}`);
      }
      if (values.has(value)) throw new Error(`categorical range '${name}': duplicate value '${value}'`);
      values.add(value);
    }
  });
  if (seen.size === 0) throw new Error('parameter ranges: at least one range is required');
}

function checkNumericBounds(min: number, max: number, where: string): void {
  if (typeof min !== 'number' || !Number.isFinite(min) || typeof max !== 'number' || !Number.isFinite(max)) {
    throw new Error(`${where}: MinValue and MaxValue must be finite numbers, got ${min} and ${max}`);
  }
  if (!(min < max)) throw new Error(`${where}: MinValue (${min}) must be less than MaxValue (${max})`);
}

function checkScaling(scaling: ScalingType, min: number, max: number, where: string): void {
  switch (scaling) {
    case 'Auto':
    case 'Linear':
      return;
    case 'Logarithmic':
      if (!(min > 0)) throw new Error(`${where}: Logarithmic scaling needs MinValue > 0, got ${min}`);
      return;
    case 'ReverseLogarithmic':
      if (!(min >= 0 && max < 1)) {
        throw new Error(
          `${where}: ReverseLogarithmic scaling needs 0 <= MinValue and MaxValue < 1, got ${min}..${max}`,
        );
      }
      return;
    default:
      throw new Error(
        `${where}: ScalingType must be Auto, Linear, Logarithmic or ReverseLogarithmic, got ${JSON.stringify(scaling)}`,
      );
  }
}

/** The exact request shape of `CreateHyperParameterTuningJob`'s `ParameterRanges` (values as strings). */
export function toSageMakerParameterRanges(ranges: TuningParameterRanges): SageMakerParameterRanges {
  validateParameterRanges(ranges);
  const out: SageMakerParameterRanges = {};
  // The API carries numeric bounds as strings.
  const numeric = (r: ContinuousRange | IntegerRange) => ({
    Name: r.Name,
    MinValue: String(r.MinValue),
    MaxValue: String(r.MaxValue),
    ScalingType: r.ScalingType,
  });
  if (ranges.ContinuousParameterRanges && ranges.ContinuousParameterRanges.length > 0) {
    out.ContinuousParameterRanges = ranges.ContinuousParameterRanges.map(numeric);
  }
  if (ranges.IntegerParameterRanges && ranges.IntegerParameterRanges.length > 0) {
    out.IntegerParameterRanges = ranges.IntegerParameterRanges.map(numeric);
  }
  if (ranges.CategoricalParameterRanges && ranges.CategoricalParameterRanges.length > 0) {
    out.CategoricalParameterRanges = ranges.CategoricalParameterRanges.map((r) => ({
      Name: r.Name,
      Values: [...r.Values],
    }));
  }
  return out;
}

/** Parses the SDK shape (e.g. from `DescribeHyperParameterTuningJob`) back into typed ranges. */
export function fromSageMakerParameterRanges(sdk: SageMakerParameterRanges): TuningParameterRanges {
  if (sdk.AutoParameters && sdk.AutoParameters.length > 0) {
    throw new Error(
      'fromSageMakerParameterRanges: AutoParameters cannot be tuned locally; resolve them to explicit ranges first',
    );
  }
  const out: TuningParameterRanges = {};
  if (sdk.ContinuousParameterRanges) {
    out.ContinuousParameterRanges = sdk.ContinuousParameterRanges.map((r, i) => {
      const where = `ContinuousParameterRanges[${i}] ('${r.Name}')`;
      return {
        Name: requireString(r.Name, `${where}.Name`),
        MinValue: parseNumber(r.MinValue, `${where}.MinValue`),
        MaxValue: parseNumber(r.MaxValue, `${where}.MaxValue`),
        ScalingType: r.ScalingType ?? 'Auto',
      };
    });
  }
  if (sdk.IntegerParameterRanges) {
    out.IntegerParameterRanges = sdk.IntegerParameterRanges.map((r, i) => {
      const where = `IntegerParameterRanges[${i}] ('${r.Name}')`;
      const scaling = r.ScalingType ?? 'Auto';
      if (scaling === 'ReverseLogarithmic') throw new Error(`${where}: ReverseLogarithmic is not allowed for integers`);
      return {
        Name: requireString(r.Name, `${where}.Name`),
        MinValue: parseNumber(r.MinValue, `${where}.MinValue`),
        MaxValue: parseNumber(r.MaxValue, `${where}.MaxValue`),
        ScalingType: scaling,
      };
    });
  }
  if (sdk.CategoricalParameterRanges) {
    out.CategoricalParameterRanges = sdk.CategoricalParameterRanges.map((r, i) => {
      const where = `CategoricalParameterRanges[${i}] ('${r.Name}')`;
      if (!r.Values) throw new Error(`${where}.Values is missing`);
      return { Name: requireString(r.Name, `${where}.Name`), Values: [...r.Values] };
    });
  }
  validateParameterRanges(out);
  return out;
}

function requireString(value: string | undefined, where: string): string {
  if (value === undefined || value.length === 0) throw new Error(`${where} is missing`);
  return value;
}

function parseNumber(text: string | undefined, where: string): number {
  const trimmed = text === undefined ? '' : text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new Error(`${where}: expected a number string, got ${JSON.stringify(text)}`);
  return value;
}
