/**
 * The silver ETL as a SageMaker Processing job running PySpark (scripts/spark/etl_job.py) on the
 * prebuilt `sagemaker-spark-processing:3.3-cpu` image, for data that outgrows one machine.
 *
 * The request has the shape the SageMaker Python SDK's PySparkProcessor sends: entrypoint
 * `smspark-submit <script>`, the script as ProcessingInput `code` under
 * /opt/ml/processing/input/code/, and a `conf` input holding `configuration.json` (read by the
 * image before spark-submit, so it can add the Delta Lake package and SQL extension: a
 * SparkSession.builder setting would come after the JVM has started). Both objects are uploaded
 * by `uploadSparkScript`; the configuration sits in `conf/` next to the script.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CreateProcessingJobCommand,
  DescribeProcessingJobCommand,
  type CreateProcessingJobCommandInput,
  type DescribeProcessingJobCommandOutput,
  type ProcessingInstanceType,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { PipelineConfig } from '../pipeline/config';
import { projectRoot } from '../core/project/paths';
import type { ObjectStore } from '../core/storage/object-store';
import { checkJobName } from './job-name';
import { formatS3Uri, parseS3Uri } from './locations';
import { checkRoleArn } from './role-arn';
import { waitForJobCompletion, type PollOptions } from './polling';

const SPARK_FRAMEWORK_VERSION = '3.3';
const REPOSITORY = 'sagemaker-spark-processing';

/**
 * Account per region of the Spark 3.3 processing image: the sagemaker-python-sdk's
 * `src/sagemaker/image_uri_config/spark.json`, processing version "3.3".
 */
const SPARK_3_3_ACCOUNTS: Readonly<Record<string, string>> = {
  'af-south-1': '309385258863',
  'ap-east-1': '732049463269',
  'ap-northeast-1': '411782140378',
  'ap-northeast-2': '860869212795',
  'ap-northeast-3': '102471314380',
  'ap-south-1': '105495057255',
  'ap-south-2': '873151114052',
  'ap-southeast-1': '759080221371',
  'ap-southeast-2': '440695851116',
  'ap-southeast-3': '800295151634',
  'ap-southeast-4': '819679513684',
  'ca-central-1': '446299261295',
  'ca-west-1': '000907499111',
  'cn-north-1': '671472414489',
  'cn-northwest-1': '844356804704',
  'eu-central-1': '906073651304',
  'eu-central-2': '142351485170',
  'eu-north-1': '330188676905',
  'eu-south-1': '753923664805',
  'eu-south-2': '833944533722',
  'eu-west-1': '571004829621',
  'eu-west-2': '836651553127',
  'eu-west-3': '136845547031',
  'il-central-1': '408426139102',
  'me-central-1': '395420993607',
  'me-south-1': '750251592176',
  'sa-east-1': '737130764395',
  'us-east-1': '173754725891',
  'us-east-2': '314815235551',
  'us-gov-east-1': '260923028637',
  'us-gov-west-1': '271483468897',
  'us-west-1': '667973535471',
  'us-west-2': '153931337802',
};

export const SPARK_SCRIPT_PATH = path.join(projectRoot, 'scripts', 'spark', 'etl_job.py');
/** Where the script goes in the raw bucket (next to stroke/raw). */
const SPARK_SCRIPT_KEY = 'stroke/code/spark/etl_job.py';
const CONTAINER_CODE_DIR = '/opt/ml/processing/input/code';
const CONTAINER_CONF_DIR = '/opt/ml/processing/input/conf';
const CONFIGURATION_FILE = 'configuration.json';
/** Delta Lake 2.3 is the last release line built for Spark 3.3. */
const DELTA_PACKAGE = 'io.delta:delta-core_2.12:2.3.0';
const DEFAULT_PROCESSING_INSTANCE_TYPE: ProcessingInstanceType = 'ml.m5.xlarge';
const DEFAULT_PROCESSING_INSTANCE_COUNT = 2;
const DEFAULT_PROCESSING_VOLUME_GB = 30;
const DEFAULT_PROCESSING_MAX_RUNTIME_SECONDS = 3600;

/** The EMR-style configuration list the Spark image applies before starting Spark. */
export const SPARK_CONFIGURATION = [
  {
    Classification: 'spark-defaults',
    Properties: {
      'spark.jars.packages': DELTA_PACKAGE,
      'spark.sql.extensions': 'io.delta.sql.DeltaSparkSessionExtension',
      'spark.sql.catalog.spark_catalog': 'org.apache.spark.sql.delta.catalog.DeltaCatalog',
    },
  },
] as const;

export interface SparkEtlJobSpec {
  jobName: string;
  /** s3:// URI of the PII-free raw CSV object. */
  rawUri: string;
  /** s3:// URI of the silver Delta table. */
  silverUri: string;
  /** s3:// URI under which rejected rows are written (JSON Lines). */
  quarantineUri: string;
  /** s3:// URI of the uploaded etl_job.py (its folder also holds conf/configuration.json). */
  codeUri: string;
  instanceType?: ProcessingInstanceType;
  instanceCount?: number;
  volumeSizeInGB?: number;
  maxRuntimeInSeconds?: number;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/sagemaker-spark-processing:3.3-cpu`. */
export function sparkProcessingImageUri(region: string): string {
  const account = Object.prototype.hasOwnProperty.call(SPARK_3_3_ACCOUNTS, region)
    ? SPARK_3_3_ACCOUNTS[region]
    : undefined;
  if (account === undefined) {
    throw new Error(
      `no SageMaker Spark ${SPARK_FRAMEWORK_VERSION} processing image is known for region ${JSON.stringify(region)}; ` +
        `known regions: ${Object.keys(SPARK_3_3_ACCOUNTS).join(', ')}`,
    );
  }
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domain}/${REPOSITORY}:${SPARK_FRAMEWORK_VERSION}-cpu`;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${value}`);
  return value;
}

function s3Uri(uri: string, what: string): string {
  const { bucket, key } = parseS3Uri(uri, what);
  return formatS3Uri(bucket, key);
}

/** The S3 folder holding the configuration for a script uploaded at `codeUri`. */
function configurationPrefixFor(codeUri: string): string {
  const { bucket, key } = parseS3Uri(codeUri, 'codeUri');
  const folder = path.posix.dirname(key);
  return formatS3Uri(bucket, folder === '.' ? 'conf' : `${folder}/conf`);
}

/** CreateProcessingJob input for the PySpark silver ETL; throws before any call on bad input. */
export function buildSparkEtlProcessingRequest(
  config: PipelineConfig,
  spec: SparkEtlJobSpec,
): CreateProcessingJobCommandInput {
  const role = checkRoleArn(
    config.sagemakerRoleArn,
    'SAGEMAKER_ROLE_ARN (required to run the Spark ETL as a processing job)',
  );
  const codeUri = s3Uri(spec.codeUri, 'codeUri');
  const scriptName = path.posix.basename(parseS3Uri(codeUri, 'codeUri').key);
  if (!scriptName.endsWith('.py'))
    throw new Error(`codeUri: expected the S3 URI of a .py script, got ${JSON.stringify(spec.codeUri)}`);
  return {
    ProcessingJobName: checkJobName(spec.jobName, 63, 'processing job name'),
    RoleArn: role,
    AppSpecification: {
      ImageUri: sparkProcessingImageUri(config.region),
      ContainerEntrypoint: ['smspark-submit', `${CONTAINER_CODE_DIR}/${scriptName}`],
      ContainerArguments: [
        '--input',
        s3Uri(spec.rawUri, 'rawUri'),
        '--output',
        s3Uri(spec.silverUri, 'silverUri'),
        '--quarantine',
        s3Uri(spec.quarantineUri, 'quarantineUri'),
      ],
    },
    ProcessingInputs: [
      {
        InputName: 'code',
        S3Input: {
          S3Uri: codeUri,
          LocalPath: CONTAINER_CODE_DIR,
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
          S3DataDistributionType: 'FullyReplicated',
        },
      },
      {
        InputName: 'conf',
        S3Input: {
          S3Uri: configurationPrefixFor(codeUri),
          LocalPath: CONTAINER_CONF_DIR,
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
          S3DataDistributionType: 'FullyReplicated',
        },
      },
    ],
    ProcessingResources: {
      ClusterConfig: {
        InstanceType: spec.instanceType ?? DEFAULT_PROCESSING_INSTANCE_TYPE,
        InstanceCount: positiveInteger(spec.instanceCount ?? DEFAULT_PROCESSING_INSTANCE_COUNT, 'instanceCount'),
        VolumeSizeInGB: positiveInteger(spec.volumeSizeInGB ?? DEFAULT_PROCESSING_VOLUME_GB, 'volumeSizeInGB'),
      },
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: positiveInteger(
        spec.maxRuntimeInSeconds ?? DEFAULT_PROCESSING_MAX_RUNTIME_SECONDS,
        'maxRuntimeInSeconds',
      ),
    },
    Environment: { PYTHONUNBUFFERED: '1' },
  };
}

/**
 * Puts etl_job.py at `key` of `store` (the raw bucket) and its Spark configuration at
 * `<folder of key>/conf/configuration.json`; returns both keys.
 */
export async function uploadSparkScript(
  store: ObjectStore,
  key: string = SPARK_SCRIPT_KEY,
): Promise<{ scriptKey: string; configurationKey: string }> {
  if (!key.endsWith('.py'))
    throw new Error(`uploadSparkScript: key must name a .py object, got ${JSON.stringify(key)}`);
  const script = fs.readFileSync(SPARK_SCRIPT_PATH);
  const folder = path.posix.dirname(key);
  const configurationKey = `${folder === '.' ? '' : `${folder}/`}conf/${CONFIGURATION_FILE}`;
  await store.put(key, script, { contentType: 'text/x-python' });
  await store.put(configurationKey, JSON.stringify(SPARK_CONFIGURATION, null, 2), { contentType: 'application/json' });
  return { scriptKey: key, configurationKey };
}

/** Creates the processing job and waits for it; throws with SageMaker's FailureReason unless it completes. */
export async function runSparkEtl(
  client: SageMakerClient,
  request: CreateProcessingJobCommandInput,
  poll: PollOptions = {},
): Promise<DescribeProcessingJobCommandOutput> {
  const jobName = request.ProcessingJobName;
  if (jobName === undefined) throw new Error('runSparkEtl: request.ProcessingJobName is missing');
  await client.send(new CreateProcessingJobCommand(request));
  return waitForJobCompletion(
    `processing job ${jobName}`,
    () => client.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobName })),
    (d) => d.ProcessingJobStatus,
    poll,
  );
}
