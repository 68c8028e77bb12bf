import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTuningJobRequest } from '../../shared/aws/tuning';
import { requestFields, summarizeTuningRequest } from '../../shared/aws/request-summary';

const SPEC = {
  region: 'eu-west-1',
  roleArn: 'arn:aws:iam::123456789012:role/StrokeSageMakerRole',
  hyperparameters: { num_round: 150, eta: 0.1, scale_pos_weight: 19 },
  train: 's3://gold-data/stroke/channels/train/data.csv',
  validation: 's3://gold-data/stroke/channels/validation/data.csv',
  outputPath: 's3://model-artifacts/training',
};

test('the tuning request summary names what SageMaker would run', () => {
  const rows = summarizeTuningRequest(buildTuningJobRequest('stroke-hpo-7', SPEC));
  const value = (setting: string) => rows.find((r) => r.setting === setting)?.value;
  assert.equal(value('tuning job'), 'stroke-hpo-7');
  assert.equal(value('strategy'), 'Bayesian');
  assert.equal(value('objective'), 'Maximize validation:aucpr');
  assert.equal(value('training jobs'), '12 (3 in parallel)');
  assert.equal(value('range eta'), 'continuous 0.01 – 0.3 (Logarithmic)');
  assert.equal(value('range max_depth'), 'integer 3 – 10 (Linear)');
  assert.match(value('image') ?? '', /^\d+\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/sagemaker-xgboost:1\.7-1$/);
  // eta is tuned, so it is not static; scale_pos_weight is.
  assert.deepEqual(JSON.parse(value('static hyperparameters') ?? '{}'), {
    eval_metric: 'aucpr',
    num_round: '150',
    objective: 'binary:logistic',
    scale_pos_weight: '19',
  });
  assert.equal(value('channels'), `train: ${SPEC.train}, validation: ${SPEC.validation}`);
  assert.equal(value('output'), 's3://model-artifacts/training');
});

test('a request without its tuning config is refused by name', () => {
  const request = buildTuningJobRequest('stroke-hpo-8', SPEC);
  delete request.TrainingJobDefinition;
  assert.throws(() => summarizeTuningRequest(request), /no HyperParameterTuningJobConfig or TrainingJobDefinition/);
});

test('requestFields lists every leaf of a request by its path', () => {
  const rows = requestFields('CreateEndpointConfig', {
    EndpointConfigName: 'cfg',
    ProductionVariants: [{ VariantName: 'AllTraffic', InitialInstanceCount: 1 }],
    DataCaptureConfig: {
      EnableCapture: true,
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      KmsKeyId: undefined,
    },
    Body: new Uint8Array(3),
  });
  assert.deepEqual(
    rows.map((r) => `${r.field}=${r.value}`),
    [
      'EndpointConfigName=cfg',
      'ProductionVariants[0].VariantName=AllTraffic',
      'ProductionVariants[0].InitialInstanceCount=1',
      'DataCaptureConfig.EnableCapture=true',
      'DataCaptureConfig.CaptureOptions[0].CaptureMode=Input',
      'DataCaptureConfig.CaptureOptions[1].CaptureMode=Output',
      'Body=3 bytes',
    ],
  );
  assert.ok(rows.every((r) => r.request === 'CreateEndpointConfig'));
});
