/**
 * The local backend of a training job, behaving like SageMaker's built-in XGBoost: read the
 * label-first CSV channels (every object under each channel's key prefix, like S3Prefix), train
 * in a worker thread (on the engine chooseLocalEngine picks: the TypeScript hist booster for
 * tree_method hist, else the wasm XGBoost), report validation:aucpr and write
 * `<output>/<job>/output/model.tar.gz` holding `xgboost-model`.
 *
 * validation:aucpr is average precision (sklearn's step-wise definition) of the model's
 * predicted probabilities on the validation channel. XGBoost's own aucpr metric interpolates
 * the PR curve differently, so the two agree closely but not exactly.
 */
import { averagePrecision } from '../core/metrics/average-precision';
import type { LocalEngine } from '../ml/training/local-booster';
import { predictProba } from '../ml/xgboost/tree-ensemble';
import { parseXGBoostBinaryModel } from '../ml/xgboost/xgb-binary-model';
import { parseLabelFirstCsv, type LabelledMatrix } from './channels';
import { toLocalTrainingParams, toSageMakerHyperParameters, type XGBoostHyperparameters } from './hyperparameters';
import { checkJobName } from './job-name';
import { storeLocationUri, type StoreLocation } from './locations';
import { packModelArtifact } from '../pipeline/model-store/model-artifact';
import { modelArtifactKey } from '../pipeline/model-store/layout';
import type { TrainingChannels, TrainingJobResult } from './training-job';
import { trainBoosterInWorker } from '../ml/training/worker-training';

export interface LocalTrainingJob {
  jobName: string;
  hyperparameters: XGBoostHyperparameters;
  channels: TrainingChannels<StoreLocation>;
  output: StoreLocation;
}

export interface LocalTrainingResult extends TrainingJobResult {
  /** The booster bytes also stored inside model.tar.gz. */
  modelBytes: Uint8Array;
  /** Time inside the trainer (worker start-up and I/O excluded). */
  trainingMs: number;
  /** The engine that trained the model, and why. */
  engine: LocalEngine;
  engineReason: string;
}

/** Concatenates every object under the channel's key prefix (key order) and parses it as label-first CSV. */
async function readCsvChannel(location: StoreLocation, channel: string): Promise<LabelledMatrix> {
  const where = `${channel} channel ${storeLocationUri(location)}`;
  const objects = (await location.store.list(location.prefix)).filter((o) => !o.key.endsWith('/') && o.size > 0);
  if (objects.length === 0) throw new Error(`${where}: no data objects under this prefix`);
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (const object of objects) {
    const text = decoder.decode((await location.store.get(object.key)).body);
    parts.push(text.endsWith('\n') ? text : `${text}\n`);
  }
  return parseLabelFirstCsv(parts.join(''), `${where} (${objects.map((o) => o.key).join(', ')})`);
}

function assertBinaryValidation(labels: ArrayLike<number>, where: string): void {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1)
      throw new Error(`${where}: label at row ${i} is ${labels[i]}; validation:aucpr needs 0/1 labels`);
    positives += labels[i];
  }
  if (positives === 0) throw new Error(`${where}: no positive label, so validation:aucpr is undefined`);
}

async function putModelArtifact(output: StoreLocation, jobName: string, modelBytes: Uint8Array): Promise<string> {
  const key = modelArtifactKey(output.prefix, jobName);
  // Job names are unique; an existing artifact means a reused name, which SageMaker also refuses.
  await output.store.put(key, packModelArtifact(modelBytes), {
    contentType: 'application/x-gzip',
    ifNoneMatch: output.store.supportsConditionalPut,
  });
  return key;
}

export async function runLocalTrainingJob(job: LocalTrainingJob): Promise<LocalTrainingResult> {
  const jobName = checkJobName(job.jobName);
  const { params, numRound } = toLocalTrainingParams(job.hyperparameters);
  const train = await readCsvChannel(job.channels.train, 'train');
  const validation = await readCsvChannel(job.channels.validation, 'validation');
  if (validation.features.cols !== train.features.cols) {
    throw new Error(
      `validation channel has ${validation.features.cols} features, train has ${train.features.cols}; they must match`,
    );
  }
  assertBinaryValidation(validation.labels, 'validation channel');
  const trained = await trainBoosterInWorker(
    { data: train.features.matrix, rows: train.features.rows, cols: train.features.cols },
    Float32Array.from(train.labels),
    params,
    numRound,
  );
  const ensemble = parseXGBoostBinaryModel(trained.modelBytes);
  const probabilities = predictProba(
    ensemble,
    validation.features.matrix,
    validation.features.rows,
    validation.features.cols,
  );
  const aucpr = averagePrecision(validation.labels, probabilities);
  const key = await putModelArtifact(job.output, jobName, trained.modelBytes);
  return {
    jobName,
    backend: 'local',
    modelArtifact: storeLocationUri({ store: job.output.store, prefix: key }),
    modelArtifactKey: key,
    metrics: { 'validation:aucpr': aucpr },
    hyperparameters: toSageMakerHyperParameters(job.hyperparameters),
    modelBytes: trained.modelBytes,
    trainingMs: trained.trainingMs,
    engine: trained.engine,
    engineReason: trained.reason,
  };
}
