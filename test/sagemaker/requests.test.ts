/**
 * Request pieces that need no client: the XGBoost image per region (expected values are the
 * sagemaker-python-sdk's image_uri_config/xgboost.json, version 1.7-1), the CreateTransformJob
 * input, job names, and the mapping of SageMaker hyperparameters onto the local trainer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toLocalTrainingParams, toSageMakerHyperParameters } from '../../shared/aws/hyperparameters';
import { checkJobName, uniqueJobName } from '../../shared/aws/job-name';
import { parseS3Uri, storeLocationUri, toStoreLocation } from '../../shared/aws/locations';
import { loadConfig } from '../../shared/pipeline/config';
import { silenceSdkNodeVersionWarning } from '../../shared/core/s3/client';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';
import { packModelArtifact, unpackModelArtifact } from '../../shared/pipeline/model-store/model-artifact';
import { modelArtifactKey, modelArtifactUri } from '../../shared/pipeline/model-store/layout';
import { buildTransformJobRequest, DROP_LABEL_COLUMN } from '../../shared/aws/transform-request';
import { xgboostImageUri } from '../../shared/aws/xgboost-image';
import { createTarGz } from '../../shared/core/archive/tar';

describe('XGBoost 1.7-1 image', () => {
  test('account per region as published by the SageMaker SDK, .com.cn in China', () => {
    assert.equal(xgboostImageUri('us-east-1'), '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    assert.equal(xgboostImageUri('us-west-2'), '246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1');
    assert.equal(
      xgboostImageUri('eu-central-1'),
      '492215442770.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    );
    assert.equal(
      xgboostImageUri('ap-southeast-2'),
      '783357654285.dkr.ecr.ap-southeast-2.amazonaws.com/sagemaker-xgboost:1.7-1',
    );
    assert.equal(
      xgboostImageUri('cn-north-1'),
      '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1',
    );
  });

  test('an unknown region is refused, listing the known ones', () => {
    assert.throws(() => xgboostImageUri('us-east-9'), /region "us-east-9"; known regions: af-south-1, .*us-east-1/);
    assert.throws(() => xgboostImageUri('toString'), /region "toString"/);
  });
});

describe('transform job request', () => {
  test('CSV lines in, CSV lines out, under the given model and prefixes', () => {
    assert.deepEqual(
      buildTransformJobRequest({
        jobName: 'stroke-batch-1',
        modelName: 'stroke-model',
        input: 's3://gold-data/batch/in/',
        output: 's3://monitoring-data/batch/out/',
      }),
      {
        TransformJobName: 'stroke-batch-1',
        ModelName: 'stroke-model',
        BatchStrategy: 'MultiRecord',
        MaxPayloadInMB: 6,
        TransformInput: {
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://gold-data/batch/in/' } },
          ContentType: 'text/csv',
          CompressionType: 'None',
          SplitType: 'Line',
        },
        TransformOutput: { S3OutputPath: 's3://monitoring-data/batch/out', Accept: 'text/csv', AssembleWith: 'Line' },
        TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
      },
    );
  });

  test('an input filter drops the label column of the training channels', () => {
    const request = buildTransformJobRequest({
      jobName: 'j',
      modelName: 'm',
      input: 's3://gold-data/stroke/channels/test/data.csv',
      output: 's3://gold-data/out',
      inputFilter: DROP_LABEL_COLUMN,
    });
    assert.deepEqual(request.DataProcessing, { InputFilter: '$[1:]', JoinSource: 'None' });
    assert.equal(
      buildTransformJobRequest({
        jobName: 'j',
        modelName: 'm',
        input: 's3://gold-data/in',
        output: 's3://gold-data/out',
      }).DataProcessing,
      undefined,
    );
  });

  test('bad input is named', () => {
    const base = { jobName: 'j', modelName: 'm', input: 's3://gold-data/in', output: 's3://gold-data/out' };
    assert.throws(
      () => buildTransformJobRequest({ ...base, inputFilter: 'drop the label' }),
      /inputFilter must be a JSONPath .* got "drop the label"/,
    );
    assert.throws(() => buildTransformJobRequest({ ...base, input: '/tmp/in' }), /transform input: expected an S3 URI/);
    assert.throws(
      () => buildTransformJobRequest({ ...base, jobName: 'bad_name' }),
      /transform job name "bad_name" is invalid/,
    );
    assert.throws(
      () => buildTransformJobRequest({ ...base, instanceCount: 0 }),
      /instanceCount must be a positive integer, got 0/,
    );
  });
});

describe('job names', () => {
  test('SageMaker pattern and length limits', () => {
    assert.equal(checkJobName('a-b--c9'), 'a-b--c9');
    for (const bad of ['-a', 'a-', 'a_b', 'a.b', '', 'x'.repeat(64)])
      assert.throws(() => checkJobName(bad), /is invalid/, bad);
    const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    assert.equal(uniqueJobName('stroke', 63, now), 'stroke-2024-01-02-03-04-05-006');
    assert.equal(uniqueJobName('stroke', 63, now), 'stroke-2024-01-02-03-04-05-006-1');
    const tuning = uniqueJobName('stroke-xgboost-hpo', 32, new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 7)));
    assert.equal(tuning, 'stroke-x-2024-01-02-03-04-05-007');
    assert.equal(tuning.length, 32);
  });
});

describe('hyperparameters', () => {
  test('SageMaker strings: sorted, trimmed, defaults for objective and eval_metric, explicit values win', () => {
    assert.deepEqual(toSageMakerHyperParameters({ num_round: '50', objective: 'reg:logistic', eta: ' 0.2 ' }), {
      eta: '0.2',
      eval_metric: 'aucpr',
      num_round: '50',
      objective: 'reg:logistic',
    });
  });

  test('local parameters: numbers parsed, aliases resolved, unsupported names and metrics refused', () => {
    assert.deepEqual(toLocalTrainingParams({ num_round: '30', eta: '0.1', max_depth: 4, reg_lambda: '2', seed: 7 }), {
      params: { objective: 'binary:logistic', eta: 0.1, max_depth: 4, lambda: 2, seed: 7 },
      numRound: 30,
    });
    assert.throws(
      () => toLocalTrainingParams({ num_round: 5, num_parallel_tree: 3 }),
      /num_parallel_tree is not supported by the local backend; supported: /,
    );
    assert.throws(
      () => toLocalTrainingParams({ num_round: 5, eval_metric: 'auc' }),
      /eval_metric=auc: the local backend reports only aucpr/,
    );
    assert.throws(() => toLocalTrainingParams({ num_round: 5, max_depth: 2.5 }), /max_depth must be an integer/);
  });
});

describe('locations and model artifacts', () => {
  test('S3 URIs split into bucket and key; model.tar.gz sits at <output>/<job>/output/', () => {
    assert.deepEqual(parseS3Uri('s3://model-artifacts/a/b/', 'x'), { bucket: 'model-artifacts', key: 'a/b' });
    assert.deepEqual(parseS3Uri('s3://model-artifacts', 'x'), { bucket: 'model-artifacts', key: '' });
    assert.throws(() => parseS3Uri('https://x/y', 'outputPath'), /outputPath: expected an S3 URI/);
    assert.equal(modelArtifactKey('training/', 'job-1'), 'training/job-1/output/model.tar.gz');
    assert.equal(modelArtifactUri('s3://m/training/', 'job-1'), 's3://m/training/job-1/output/model.tar.gz');
  });

  test('an s3:// location becomes an S3 store over the configured endpoint, naming the same object', () => {
    silenceSdkNodeVersionWarning();
    const location = toStoreLocation(
      's3://gold-data/sagemaker/train/data.csv',
      loadConfig({ STROKE_TARGET: 'local', STROKE_S3_PORT: '45999' }),
      'train channel',
    );
    assert.ok(location.store instanceof S3ObjectStore);
    assert.equal(location.prefix, 'sagemaker/train/data.csv');
    assert.equal(storeLocationUri(location), 's3://gold-data/sagemaker/train/data.csv');
    assert.throws(
      () => toStoreLocation('gold-data/train', loadConfig({}), 'train channel'),
      /train channel: expected an S3 URI/,
    );
  });

  test('the archive holds xgboost-model; one without it is refused, naming what it holds', () => {
    const model = Uint8Array.from([1, 2, 3, 4]);
    assert.deepEqual(unpackModelArtifact(packModelArtifact(model)), model);
    const wrong = createTarGz([{ name: 'model.json', body: model }]);
    assert.throws(
      () => unpackModelArtifact(wrong, 's3://m/job/output/model.tar.gz'),
      /s3:\/\/m\/job\/output\/model.tar.gz: no xgboost-model inside; the archive holds model.json/,
    );
  });
});
