/**
 * The one place that reads the environment (and an optional git-ignored `.env` in the project
 * root). Notebooks, scripts and the server take every setting from `loadConfig()`; nothing else
 * reads process.env for pipeline settings, and no credential is ever stored here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../core/project/paths';

export type Target = 'local' | 'aws';

/** A type alias, not an interface, so it is a Record<string, string> to the embedded S3 server. */
export type Buckets = {
  raw: string;
  silver: string;
  gold: string;
  models: string;
  monitoring: string;
};

export interface PipelineConfig {
  target: Target;
  region: string;
  buckets: Buckets;
  /** S3 endpoint URL; undefined means the SDK's default (real AWS). */
  s3Endpoint: string | undefined;
  /** True when the embedded s3rver serves storage (target local, no S3_ENDPOINT). */
  embeddedS3: boolean;
  /** Port of the embedded S3 server. */
  embeddedS3Port: number;
  /** Whether the store enforces If-None-Match (s3rver does not; AWS S3 and MinIO do). */
  conditionalWrites: boolean;
  sagemakerRoleArn: string | undefined;
  /** Input CSV for notebook 01 (absolute path). */
  inputPath: string;
  /** Seed of the train/validation/test split and every other random choice. */
  seed: number;
  projectRoot: string;
}

export const DEFAULT_BUCKETS: Buckets = {
  raw: 'raw-data',
  silver: 'silver-data',
  gold: 'gold-data',
  models: 'model-artifacts',
  monitoring: 'monitoring-data',
};

const DEFAULT_INPUT = path.join('data', 'stroke-pii-sample.csv');
const DEFAULT_SEED = 777;
const DEFAULT_EMBEDDED_S3_PORT = 4568;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses `KEY=value` lines (comments, blank lines, optional quotes); no interpolation. */
export function parseDotEnv(text: string, fileName = '.env'): Record<string, string> {
  const result: Record<string, string> = {};
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new ConfigError(`${fileName} line ${index + 1}: expected KEY=value, got "${line}"`);
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
    result[match[1]] = value;
  });
  return result;
}

/** Environment with `.env` filled in underneath: real environment variables win. */
function effectiveEnv(env: NodeJS.ProcessEnv = process.env, root = projectRoot): NodeJS.ProcessEnv {
  const dotEnvPath = path.join(root, '.env');
  if (!fs.existsSync(dotEnvPath)) return env;
  return { ...parseDotEnv(fs.readFileSync(dotEnvPath, 'utf8'), dotEnvPath), ...env };
}

function parseTarget(value: string | undefined): Target {
  if (value === undefined || value === '' || value === 'local') return 'local';
  if (value === 'aws') return 'aws';
  throw new ConfigError(`STROKE_TARGET must be "local" or "aws", got "${value}"`);
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be an integer in ${min}..${max}, got "${value}"`);
  }
  return parsed;
}

function parseEndpoint(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ConfigError(`S3_ENDPOINT must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = effectiveEnv()): PipelineConfig {
  const target = parseTarget(env.STROKE_TARGET);
  const configuredEndpoint = parseEndpoint(env.S3_ENDPOINT);
  const embeddedS3 = target === 'local' && configuredEndpoint === undefined;
  const embeddedS3Port = parseInteger('STROKE_S3_PORT', env.STROKE_S3_PORT, DEFAULT_EMBEDDED_S3_PORT, 1024, 65535);
  const root =
    env.STROKE_PROJECT_ROOT && fs.existsSync(env.STROKE_PROJECT_ROOT) ? env.STROKE_PROJECT_ROOT : projectRoot;
  const input = env.STROKE_INPUT && env.STROKE_INPUT !== '' ? env.STROKE_INPUT : DEFAULT_INPUT;
  return {
    target,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    buckets: {
      raw: env.STROKE_RAW_BUCKET || DEFAULT_BUCKETS.raw,
      silver: env.STROKE_SILVER_BUCKET || DEFAULT_BUCKETS.silver,
      gold: env.STROKE_GOLD_BUCKET || DEFAULT_BUCKETS.gold,
      models: env.STROKE_MODEL_BUCKET || DEFAULT_BUCKETS.models,
      monitoring: env.STROKE_MONITORING_BUCKET || DEFAULT_BUCKETS.monitoring,
    },
    s3Endpoint: embeddedS3 ? `http://127.0.0.1:${embeddedS3Port}` : configuredEndpoint,
    embeddedS3,
    embeddedS3Port,
    conditionalWrites: !embeddedS3,
    sagemakerRoleArn: env.SAGEMAKER_ROLE_ARN || undefined,
    inputPath: path.resolve(root, input),
    seed: parseInteger('STROKE_SEED', env.STROKE_SEED, DEFAULT_SEED, 0, 2 ** 31 - 1),
    projectRoot: root,
  };
}

/** What a notebook prints about its configuration: no credentials, only where things go. */
export function describeConfig(config: PipelineConfig): Record<string, string> {
  return {
    target: config.target,
    region: config.region,
    s3: config.embeddedS3
      ? `embedded s3rver at ${config.s3Endpoint}`
      : (config.s3Endpoint ?? 'AWS S3 (SDK default endpoint)'),
    buckets: Object.values(config.buckets).join(', '),
    input: path.relative(config.projectRoot, config.inputPath) || config.inputPath,
    seed: String(config.seed),
    sagemakerRole: config.sagemakerRoleArn ? 'configured' : 'not set',
  };
}
