/**
 * The PySpark processing path: the CreateProcessingJob request (image accounts from the
 * sagemaker-python-sdk's image_uri_config/spark.json, version 3.3) and its polling against
 * aws-sdk-client-mock; the script compiling with /usr/bin/python3; its pure-Python helpers
 * giving the same answers as our TypeScript validator on the same inputs; and its numpy MICE
 * fallback against scikit-learn's IterativeImputer.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateProcessingJobCommand, DescribeProcessingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../shared/pipeline/config';
import { silenceSdkNodeVersionWarning } from '../../shared/core/s3/client';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { stripPiiToBuffer } from '../../shared/pipeline/ingest/pii';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import { canonicalCategory, CategoryField, resolveHeader } from '../../shared/pipeline/schema';
import { ORIGINAL_HEADER, PII_HEADER } from '../raw-headers';
import {
  DOMAINS,
  FieldProblem,
  parseBounded,
  parseFlag,
  parseIsoDate,
  parseOptionalBounded,
  parseYesNo,
  parseId,
} from '../../shared/pipeline/etl/validate';
import {
  buildSparkEtlProcessingRequest,
  runSparkEtl,
  SPARK_CONFIGURATION,
  SPARK_SCRIPT_PATH,
  sparkProcessingImageUri,
  uploadSparkScript,
} from '../../shared/aws/processing';

silenceSdkNodeVersionWarning();

const ROLE = 'arn:aws:iam::123456789012:role/StrokeSageMakerRole';
const PYTHON = '/usr/bin/python3';
const HAVE_PYTHON = fs.existsSync(PYTHON);
/** The scikit-learn oracle (Debian's python3-sklearn, which .ci/run installs) is optional on a developer's machine. */
const HAVE_SKLEARN =
  HAVE_PYTHON && spawnSync(PYTHON, ['-c', 'import numpy, sklearn.impute'], { encoding: 'utf8' }).status === 0;
const SPEC = {
  jobName: 'stroke-spark-etl-1',
  rawUri: 's3://raw-data/stroke/raw/stroke-pii-sample-0123456789abcdef.csv',
  silverUri: 's3://silver-data/stroke/',
  quarantineUri: 's3://silver-data/stroke/quarantine/spark',
  codeUri: 's3://raw-data/stroke/code/spark/etl_job.py',
};

function expectedRequest(account: string, region: string) {
  const input = (name: string, uri: string, local: string) => ({
    InputName: name,
    S3Input: {
      S3Uri: uri,
      LocalPath: local,
      S3DataType: 'S3Prefix',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
    },
  });
  return {
    ProcessingJobName: 'stroke-spark-etl-1',
    RoleArn: ROLE,
    AppSpecification: {
      ImageUri: `${account}.dkr.ecr.${region}.amazonaws.com/sagemaker-spark-processing:3.3-cpu`,
      ContainerEntrypoint: ['smspark-submit', '/opt/ml/processing/input/code/etl_job.py'],
      ContainerArguments: [
        '--input',
        's3://raw-data/stroke/raw/stroke-pii-sample-0123456789abcdef.csv',
        '--output',
        's3://silver-data/stroke',
        '--quarantine',
        's3://silver-data/stroke/quarantine/spark',
      ],
    },
    ProcessingInputs: [
      input('code', 's3://raw-data/stroke/code/spark/etl_job.py', '/opt/ml/processing/input/code'),
      input('conf', 's3://raw-data/stroke/code/spark/conf', '/opt/ml/processing/input/conf'),
    ],
    ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 } },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    Environment: { PYTHONUNBUFFERED: '1' },
  };
}

/** `role: null` leaves SAGEMAKER_ROLE_ARN unset. */
const awsConfig = (region: string, role: string | null = ROLE) =>
  loadConfig({ STROKE_TARGET: 'aws', AWS_REGION: region, ...(role === null ? {} : { SAGEMAKER_ROLE_ARN: role }) });

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());
afterEach(() => sagemaker.reset());

describe('Spark ETL processing request', () => {
  test('exact shape in us-east-1 and eu-west-1 (SDK spark.json accounts)', () => {
    assert.deepEqual(
      buildSparkEtlProcessingRequest(awsConfig('us-east-1'), SPEC),
      expectedRequest('173754725891', 'us-east-1'),
    );
    assert.deepEqual(
      buildSparkEtlProcessingRequest(awsConfig('eu-west-1'), SPEC),
      expectedRequest('571004829621', 'eu-west-1'),
    );
  });

  test('image per region, .com.cn in China, unknown regions refused', () => {
    assert.equal(
      sparkProcessingImageUri('us-west-2'),
      '153931337802.dkr.ecr.us-west-2.amazonaws.com/sagemaker-spark-processing:3.3-cpu',
    );
    assert.equal(
      sparkProcessingImageUri('cn-north-1'),
      '671472414489.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-spark-processing:3.3-cpu',
    );
    assert.throws(() => sparkProcessingImageUri('us-east-9'), /region "us-east-9"; known regions: af-south-1/);
  });

  test('instance type and count are taken from the spec', () => {
    const request = buildSparkEtlProcessingRequest(awsConfig('us-east-1'), {
      ...SPEC,
      instanceType: 'ml.r5.2xlarge',
      instanceCount: 4,
    });
    assert.deepEqual(request.ProcessingResources?.ClusterConfig, {
      InstanceType: 'ml.r5.2xlarge',
      InstanceCount: 4,
      VolumeSizeInGB: 30,
    });
  });

  test('bad input is named', () => {
    const config = awsConfig('us-east-1');
    assert.throws(
      () => buildSparkEtlProcessingRequest(config, { ...SPEC, rawUri: '/tmp/raw.csv' }),
      /rawUri: expected an S3 URI/,
    );
    assert.throws(
      () => buildSparkEtlProcessingRequest(config, { ...SPEC, codeUri: 's3://raw-data/code/' }),
      /codeUri: expected the S3 URI of a \.py script/,
    );
    assert.throws(
      () => buildSparkEtlProcessingRequest(config, { ...SPEC, jobName: 'bad_name' }),
      /processing job name "bad_name" is invalid/,
    );
    assert.throws(
      () => buildSparkEtlProcessingRequest(config, { ...SPEC, instanceCount: 0 }),
      /instanceCount must be a positive integer, got 0/,
    );
  });

  test('a missing role is refused before any call', async () => {
    assert.throws(
      () => buildSparkEtlProcessingRequest(awsConfig('us-east-1', null), SPEC),
      /SAGEMAKER_ROLE_ARN \(required to run the Spark ETL as a processing job\): expected an IAM role ARN .* got undefined/,
    );
    assert.throws(() => buildSparkEtlProcessingRequest(awsConfig('us-east-1', 'not-an-arn'), SPEC), /got "not-an-arn"/);
    assert.equal(sagemaker.calls().length, 0);
  });
});

describe('runSparkEtl', () => {
  const client = new SageMakerClient({ region: 'us-east-1' });
  const request = () => buildSparkEtlProcessingRequest(awsConfig('us-east-1'), SPEC);

  test('creates the job, polls InProgress until Completed', async () => {
    sagemaker
      .on(CreateProcessingJobCommand)
      .resolves({ ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/stroke-spark-etl-1' });
    sagemaker
      .on(DescribeProcessingJobCommand)
      .resolvesOnce({ ProcessingJobStatus: 'InProgress' })
      .resolvesOnce({ ProcessingJobStatus: 'InProgress' })
      .resolves({ ProcessingJobStatus: 'Completed', ProcessingJobName: 'stroke-spark-etl-1' });
    const seen: string[] = [];
    const result = await runSparkEtl(client, request(), { intervalMs: 0, onStatus: (s) => seen.push(s) });
    assert.equal(result.ProcessingJobStatus, 'Completed');
    assert.deepEqual(seen, ['InProgress', 'InProgress', 'Completed']);
    assert.deepEqual(sagemaker.commandCalls(CreateProcessingJobCommand)[0].args[0].input, request());
    for (const call of sagemaker.commandCalls(DescribeProcessingJobCommand)) {
      assert.deepEqual(call.args[0].input, { ProcessingJobName: 'stroke-spark-etl-1' });
    }
  });

  test('Failed surfaces the FailureReason', async () => {
    sagemaker.on(CreateProcessingJobCommand).resolves({});
    sagemaker.on(DescribeProcessingJobCommand).resolvesOnce({ ProcessingJobStatus: 'InProgress' }).resolves({
      ProcessingJobStatus: 'Failed',
      FailureReason: 'AlgorithmError: SchemaError: header matches neither dataset variant',
    });
    await assert.rejects(
      runSparkEtl(client, request(), { intervalMs: 0 }),
      /processing job stroke-spark-etl-1 ended Failed: AlgorithmError: SchemaError: header matches neither/,
    );
  });
});

describe('uploadSparkScript', () => {
  test('puts the script and its Delta configuration into the raw code prefix', async () => {
    const store = new MemoryObjectStore('s3://raw-data');
    const keys = await uploadSparkScript(store);
    assert.deepEqual(keys, {
      scriptKey: 'stroke/code/spark/etl_job.py',
      configurationKey: 'stroke/code/spark/conf/configuration.json',
    });
    assert.ok(Buffer.from((await store.get(keys.scriptKey)).body).equals(fs.readFileSync(SPARK_SCRIPT_PATH)));
    const conf = JSON.parse(Buffer.from((await store.get(keys.configurationKey)).body).toString('utf8'));
    assert.deepEqual(conf, SPARK_CONFIGURATION);
    assert.equal(conf[0].Properties['spark.jars.packages'], 'io.delta:delta-core_2.12:2.3.0');
    await assert.rejects(uploadSparkScript(store, 'code/etl_job.txt'), /key must name a \.py object/);
  });
});

function runPython(driver: string, input: unknown): unknown {
  const run = spawnSync(PYTHON, ['-c', driver], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PYTHONPATH: path.dirname(SPARK_SCRIPT_PATH), PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('scripts/spark/etl_job.py', { skip: HAVE_PYTHON ? false : `${PYTHON} is absent` }, () => {
  test('compiles with py_compile', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'pycache-'));
    try {
      const run = spawnSync(PYTHON, ['-m', 'py_compile', SPARK_SCRIPT_PATH], {
        encoding: 'utf8',
        env: { ...process.env, PYTHONPYCACHEPREFIX: cache },
      });
      assert.equal(run.status, 0, run.stderr);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  test('imports without pyspark (pyspark only inside main)', () => {
    assert.deepEqual(runPython('import json, sys, etl_job; print(json.dumps("pyspark" in sys.modules))', null), false);
  });

  test('value parsing agrees with the TypeScript validator, reason text included', () => {
    type Case = [string, string];
    const cases: Case[] = [];
    const categories: Record<CategoryField, string[]> = {
      gender: [' Female ', 'male', 'FEMALE', 'Other', 'other ', 'M', ''],
      work_type: ['private', ' Self-employed', 'CHILDREN', 'govt_job', 'never_worked', 'Govt job'],
      residence_type: ['urban', ' Rural ', 'city'],
      smoking_status: ['Never Smoked', 'unknown', 'formerly smoked ', 'SMOKES', 'smoker'],
    };
    for (const [field, values] of Object.entries(categories)) for (const value of values) cases.push([field, value]);
    for (const value of [
      '67',
      ' 67.0 ',
      '120',
      '120.5',
      '-0.5',
      '0.08',
      'NaN',
      'Infinity',
      '1e400',
      '0x10',
      '',
      'abc',
      '+5',
      '.5',
      '5.',
    ])
      cases.push(['age', value]);
    for (const value of ['39.99', '40', '500', '500.01', '228.69']) cases.push(['avg_glucose_level', value]);
    for (const value of ['N/A', 'n/a', ' ', '', '9.99', '10', '100', '100.1', '36.6', 'N/A '])
      cases.push(['bmi', value]);
    for (const value of ['0', '1', ' 1 ', '2', 'yes', '1.0']) cases.push(['hypertension', value]);
    for (const value of ['Yes', 'no', ' YES ', 'y', '1']) cases.push(['ever_married', value]);
    for (const value of ['9046', '0', '2147483647', '2147483648', '-1', '12.5', '12345678901'])
      cases.push(['id', value]);
    for (const value of [
      '2025-02-28',
      '2025-02-29',
      '2024-02-29',
      '2025-13-01',
      '2025-1-01',
      ' 2025-06-29 ',
      '0099-01-01',
      '1900-01-01',
    ])
      cases.push(['admission_date', value]);

    const ours = cases.map(([field, raw]) => {
      const describe = (v: unknown): unknown => (v instanceof FieldProblem ? { problem: `${field} ${v.reason}` } : v);
      switch (field) {
        case 'gender':
        case 'work_type':
        case 'residence_type':
        case 'smoking_status': {
          const value = canonicalCategory(field as CategoryField, raw);
          return value === undefined ? null : value;
        }
        case 'age':
          return describe(parseBounded(raw, DOMAINS.age.min, DOMAINS.age.max));
        case 'avg_glucose_level':
          return describe(parseBounded(raw, DOMAINS.avg_glucose_level.min, DOMAINS.avg_glucose_level.max));
        case 'bmi':
          return describe(parseOptionalBounded(raw, DOMAINS.bmi.min, DOMAINS.bmi.max));
        case 'hypertension':
          return describe(parseFlag(raw));
        case 'ever_married':
          return describe(parseYesNo(raw));
        case 'id':
          return describe(parseId(raw));
        case 'admission_date': {
          const day = parseIsoDate(raw);
          return day instanceof FieldProblem ? describe(day) : new Date(day * 86_400_000).toISOString().slice(0, 10);
        }
        default:
          throw new Error(`no TypeScript parser for ${field}`);
      }
    });
    const driver = `
import json, sys, etl_job as job
out = []
for field, raw in json.load(sys.stdin):
    if field in job.CATEGORIES:
        out.append(job.canonical_category(field, raw)); continue
    try:
        value = job.PARSERS[field](raw)
        out.append(value.isoformat() if field == 'admission_date' else value)
    except job.FieldProblem as p:
        out.append({'problem': field + ' ' + p.reason})
print(json.dumps(out))`;
    const theirs = runPython(driver, cases) as unknown[];
    cases.forEach((c, i) => assert.deepEqual(theirs[i], ours[i], `${c[0]} ${JSON.stringify(c[1])}`));
    // Spot checks that the comparison above covers the cases named in the task.
    assert.equal(ours[0], 'Female');
    assert.equal(ours[1], 'Male');
    assert.deepEqual(ours[cases.findIndex(([f, v]) => f === 'age' && v === '120.5')], {
      problem: 'age is outside the accepted range 0..120',
    });
  });

  test('header resolution and whole-record validation agree with the TypeScript ETL', () => {
    const header = [
      'Admission Date',
      'Gender',
      'Age',
      'Hypertension',
      'Heart Disease',
      'Ever Married',
      'Work Type',
      'Residence Type',
      'Avg Glucose Level',
      'BMI',
      'Smoking Status',
      'Stroke',
    ];
    const mapping = resolveHeader(header);
    const records = [
      ['2025-03-04', ' female', '67.0', '0', '1', 'yes', 'private', 'URBAN', '228.69', '', 'formerly smoked', '1'],
      ['2025-03-04', 'Male', '130', '0', '1', 'Yes', 'Private', 'Urban', '228.69', '30', 'smokes', '0'],
      ['2025-02-30', 'Male', '30', '0', '1', 'Yes', 'Private', 'Urban', '228.69', '30', 'smokes', '0'],
      ['2025-03-04', 'Male', '30', '0', '1', 'Yes', 'Private', 'Urban', '30', '30', 'smokes', '0'],
    ];
    const driver = `
import json, sys, etl_job as job
header, records = json.load(sys.stdin)
variant, index = job.resolve_header(header)
out = []
for fields in records:
    row, issue = job.validate_record(fields, index, header)
    if row is not None:
        row['admission_date'] = row['admission_date'].isoformat()
    out.append({'row': row, 'issue': issue})
try:
    job.resolve_header(['id', 'gender', 'age'], 'raw.csv')
    missing = None
except job.SchemaError as e:
    missing = str(e)
print(json.dumps({'variant': variant, 'index': index, 'results': out, 'missing': missing}))`;
    const result = runPython(driver, [header, records]) as {
      variant: string;
      index: Record<string, number>;
      missing: string;
      results: {
        row: Record<string, unknown> | null;
        issue: { column: string; value: string; reason: string } | null;
      }[];
    };
    assert.equal(result.variant, mapping.variant);
    assert.deepEqual(result.index, mapping.columnIndex);
    assert.deepEqual(result.results[0].row, {
      id: null,
      admission_date: '2025-03-04',
      admission_year_month: '2025-03',
      gender: 'Female',
      age: 67,
      hypertension: 0,
      heart_disease: 1,
      ever_married: 1,
      work_type: 'Private',
      residence_type: 'Urban',
      avg_glucose_level: 228.69,
      bmi: null,
      smoking_status: 'formerly smoked',
      stroke: 1,
    });
    assert.deepEqual(result.results[1].issue, {
      column: 'Age',
      value: '130',
      reason: 'age is outside the accepted range 0..120',
    });
    assert.deepEqual(result.results[2].issue, {
      column: 'Admission Date',
      value: '2025-02-30',
      reason: 'admission_date is not a real calendar date',
    });
    assert.deepEqual(result.results[3].issue, {
      column: 'Avg Glucose Level',
      value: '30',
      reason: 'avg_glucose_level is outside the accepted range 40..500',
    });
    assert.throws(
      () => resolveHeader(['id', 'gender', 'age'], 'raw.csv'),
      (error: Error) => error.message === result.missing,
    );
  });

  test("on a raw copy, quarantine lines and row lines are the input file's, as in the TypeScript ETL", async () => {
    const input =
      [
        PII_HEADER,
        '2025-03-04,Ann Lee,(217) 555-0100,"1 Oak St, Salem, MA 01970",Female,67.0,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1',
        '',
        '2025-03-05,Bob Roe,(217) 555-0101,2 Elm St,Male,30,0,1,Yes,Private,Urban,228.69,36.6,smokes,1,',
        '2025-03-06,Cy Doe,(217) 555-0102,"3 Elm St',
        'Salem, MA",Robot,30,0,1,Yes,Private,Urban,228.69,36.6,smokes,1',
        '2025-03-07,Di Poe,(217) 555-0103,4 Elm St,Female,130,0,1,Yes,Private,Urban,228.69,36.6,smokes,1',
        '2025-03-08,Ed Loe,(217) 555-0104,5 Elm St,Male,30,0,1,Yes,Private,Urban,228.69,36.6,smokes,0',
      ].join('\n') + '\n';
    const { body } = await stripPiiToBuffer(chunkedBytes(input), { fileName: 'in.csv' });
    const ours = await collectEtl([body], { fileName: 'raw.csv' });
    const driver = `
import json, sys, csv, etl_job as job
lines = sys.stdin.read().split('\\n')
header = [job.js_trim(n) for n in next(csv.reader([lines[0]]))]
variant, index = job.resolve_header(header)
out = [job.parse_line(n + 1, text, index, header, job.lineage_index(header)) for n, text in enumerate(lines) if n > 0]
print(json.dumps([r for r in out if r is not None], default=str))`;
    const run = spawnSync(PYTHON, ['-c', driver], {
      input: body.toString('utf8'),
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: path.dirname(SPARK_SCRIPT_PATH), PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.equal(run.status, 0, run.stderr);
    const theirs = JSON.parse(run.stdout) as [string, { line?: number; source_line?: number }][];
    assert.deepEqual(
      theirs.filter(([kind]) => kind === 'issue').map(([, e]) => e.line),
      ours.summary.quarantine.map((e) => e.line),
    );
    assert.deepEqual(
      ours.summary.quarantine.map((e) => e.line),
      [5, 7],
    );
    assert.deepEqual(
      theirs.filter(([kind]) => kind === 'row').map(([, r]) => r.source_line),
      [2, 8],
    );
  });

  test('repeated ids are quarantined as the TypeScript ETL does (first valid row kept, firstLine named)', async () => {
    const row = (id: string, age = '67'): string =>
      `${id},Male,${age},0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1`;
    const header = ORIGINAL_HEADER;
    const lines = [
      header,
      row('9046', '200'),
      row('9046'),
      row(' 1 '),
      row('9046'),
      row('1'),
      row('2'),
      row('9046', '50'),
    ];
    const { summary } = await collectEtl(chunkedBytes(lines.join('\n') + '\n'), { fileName: 'dup.csv' });
    const driver = `
import csv, json, sys, etl_job as job
lines = json.load(sys.stdin)
header = next(csv.reader([lines[0]]))
variant, index = job.resolve_header(header)
results = [job.parse_line(n + 1, text, index, header) for n, text in enumerate(lines) if n > 0]
rows = [r for kind, r in results if kind == 'row']
issues = [r for kind, r in results if kind == 'issue']
issues += job.duplicate_id_issues([(r['source_line'], r['id'], r['source_id_text']) for r in rows], header[index['id']])
print(json.dumps(sorted(issues, key=lambda e: e['line'])))`;
    const theirs = runPython(driver, lines) as unknown[];
    assert.equal(summary.quarantine.filter((q) => q.firstLine !== undefined).length, 3);
    // The Spark job's entries have no `position` (it is not given the input file's header).
    assert.deepEqual(
      theirs,
      summary.quarantine.map(({ position: _position, ...q }) => q),
    );
  });

  test(
    'numpy MICE fallback matches scikit-learn IterativeImputer (defaults)',
    {
      skip: HAVE_SKLEARN ? false : `${PYTHON} has no numpy and scikit-learn (apt-get install python3-sklearn)`,
    },
    () => {
      const driver = `
import json, sys
import numpy as np
from sklearn.experimental import enable_iterative_imputer  # noqa: F401
from sklearn.impute import IterativeImputer
import etl_job as job
rng = np.random.default_rng(7)
n = 400
gender = rng.integers(0, 3, n).astype(float)
age = rng.uniform(0.08, 82, n)
glucose = rng.uniform(55, 272, n)
bmi = 18 + 0.12 * age + 0.02 * glucose + 1.5 * gender + rng.normal(0, 4, n)
bmi[rng.random(n) < 0.1] = np.nan
x = np.column_stack([gender, age, glucose, bmi])
ours = job.iterative_impute(x)
theirs = IterativeImputer().fit_transform(x)
print(json.dumps({'max_abs_diff': float(np.max(np.abs(ours - theirs))), 'imputed': int(np.isnan(bmi).sum())}))`;
      const result = runPython(driver, null) as { max_abs_diff: number; imputed: number };
      assert.ok(result.imputed > 20, `only ${result.imputed} missing cells`);
      assert.ok(result.max_abs_diff < 1e-8, `max |numpy - sklearn| = ${result.max_abs_diff}`);
    },
  );
});
