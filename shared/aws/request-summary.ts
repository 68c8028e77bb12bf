/**
 * SageMaker requests as "setting / value" rows a notebook can show: on the local stack they say
 * what the aws backend would send, built by the very code that sends it there.
 */
import type { CreateHyperParameterTuningJobCommandInput } from '@aws-sdk/client-sagemaker';

export interface RequestSummaryRow {
  setting: string;
  value: string;
}

interface NamedRange {
  Name?: string;
  MinValue?: string;
  MaxValue?: string;
  ScalingType?: string;
  Values?: string[];
}

function describeRange(range: NamedRange, kind: string): RequestSummaryRow {
  const bounds =
    range.Values !== undefined
      ? range.Values.join(' | ')
      : `${range.MinValue} – ${range.MaxValue} (${range.ScalingType ?? 'Auto'})`;
  return { setting: `range ${range.Name ?? '?'}`, value: `${kind} ${bounds}` };
}

export function summarizeTuningRequest(request: CreateHyperParameterTuningJobCommandInput): RequestSummaryRow[] {
  const config = request.HyperParameterTuningJobConfig;
  const definition = request.TrainingJobDefinition;
  if (config === undefined || definition === undefined) {
    throw new Error(
      'summarizeTuningRequest: the request has no HyperParameterTuningJobConfig or TrainingJobDefinition',
    );
  }
  const ranges = config.ParameterRanges ?? {};
  const objective = config.HyperParameterTuningJobObjective;
  const limits = config.ResourceLimits;
  const channels = (definition.InputDataConfig ?? []).map(
    (c) => `${c.ChannelName}: ${c.DataSource?.S3DataSource?.S3Uri ?? '?'}`,
  );
  const resources = definition.ResourceConfig;
  return [
    { setting: 'tuning job', value: request.HyperParameterTuningJobName ?? '?' },
    { setting: 'strategy', value: config.Strategy ?? '?' },
    { setting: 'objective', value: `${objective?.Type ?? '?'} ${objective?.MetricName ?? '?'}` },
    {
      setting: 'training jobs',
      value: `${limits?.MaxNumberOfTrainingJobs ?? '?'} (${limits?.MaxParallelTrainingJobs ?? '?'} in parallel)`,
    },
    ...(ranges.ContinuousParameterRanges ?? []).map((r) => describeRange(r, 'continuous')),
    ...(ranges.IntegerParameterRanges ?? []).map((r) => describeRange(r, 'integer')),
    ...(ranges.CategoricalParameterRanges ?? []).map((r) => describeRange(r, 'categorical')),
    { setting: 'image', value: definition.AlgorithmSpecification?.TrainingImage ?? '?' },
    { setting: 'static hyperparameters', value: JSON.stringify(definition.StaticHyperParameters ?? {}) },
    { setting: 'channels', value: channels.join(', ') },
    { setting: 'output', value: definition.OutputDataConfig?.S3OutputPath ?? '?' },
    { setting: 'instances', value: `${resources?.InstanceCount ?? '?'} × ${resources?.InstanceType ?? '?'}` },
  ];
}

export interface RequestFieldRow {
  request: string;
  field: string;
  value: string;
}

/**
 * Every leaf of a request as one row (`ProductionVariants[0].InstanceType = ml.m5.large`), so a
 * notebook shows exactly what would be sent, field for field.
 */
export function requestFields(requestName: string, input: object): RequestFieldRow[] {
  const rows: RequestFieldRow[] = [];
  const visit = (value: unknown, path: string): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    rows.push({
      request: requestName,
      field: path,
      value: value instanceof Uint8Array ? `${value.length} bytes` : String(value),
    });
  };
  visit(input, '');
  return rows;
}
