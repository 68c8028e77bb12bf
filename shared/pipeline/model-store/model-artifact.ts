/**
 * SageMaker's model artifact layout, shared by both training backends so deployment reads one
 * format: `<output path>/<job name>/output/model.tar.gz`, a gzip tar holding the booster as
 * `xgboost-model` (the name the built-in XGBoost container writes and its inference code loads).
 */
import { createTarGz, readTarGz } from '../../core/archive/tar';
import { joinKey } from '../../core/storage/object-store';

const MODEL_FILE_NAME = 'xgboost-model';
export const MODEL_ARCHIVE_NAME = 'model.tar.gz';

/** Key (relative to the output location) of a job's model archive. */
export function modelArtifactKey(outputPrefix: string, jobName: string): string {
  return joinKey(outputPrefix, jobName, 'output', MODEL_ARCHIVE_NAME);
}

/** The same location as a URI under an output URI (e.g. s3://bucket/models). */
export function modelArtifactUri(outputUri: string, jobName: string): string {
  return `${outputUri.replace(/\/+$/, '')}/${modelArtifactKey('', jobName)}`;
}

export function packModelArtifact(modelBytes: Uint8Array): Uint8Array {
  if (modelBytes.length === 0) throw new Error('packModelArtifact: model bytes are empty');
  return createTarGz([{ name: MODEL_FILE_NAME, body: modelBytes }]);
}

/** The booster bytes inside a model.tar.gz; throws when the archive has no `xgboost-model`. */
export function unpackModelArtifact(archive: Uint8Array, where = MODEL_ARCHIVE_NAME): Uint8Array {
  const entries = readTarGz(archive);
  const model = entries.find((e) => e.name === MODEL_FILE_NAME || e.name === `./${MODEL_FILE_NAME}`);
  if (model === undefined) {
    throw new Error(`${where}: no ${MODEL_FILE_NAME} inside; the archive holds ${entries.map((e) => e.name).join(', ') || 'nothing'}`);
  }
  return model.body;
}
