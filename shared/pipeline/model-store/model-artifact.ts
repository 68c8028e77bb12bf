/**
 * SageMaker's model artifact format, shared by both training backends and every stored version
 * so deployment reads one format: `model.tar.gz`, a gzip tar holding the booster as
 * `xgboost-model` (the name the built-in XGBoost container writes and its inference code loads).
 * Where the archive is stored is the layout's (./layout.ts).
 */
import { createTarGz, readTarGz } from '../../core/archive/tar';
import { MODEL_ARCHIVE_NAME, MODEL_FILE } from './layout';

export function packModelArtifact(modelBytes: Uint8Array): Uint8Array {
  if (modelBytes.length === 0) throw new Error('packModelArtifact: model bytes are empty');
  return createTarGz([{ name: MODEL_FILE, body: modelBytes }]);
}

/** The booster bytes inside a model.tar.gz; throws when the archive has no `xgboost-model`. */
export function unpackModelArtifact(archive: Uint8Array, where = MODEL_ARCHIVE_NAME): Uint8Array {
  const entries = readTarGz(archive);
  const model = entries.find((e) => e.name === MODEL_FILE || e.name === `./${MODEL_FILE}`);
  if (model === undefined) {
    throw new Error(
      `${where}: no ${MODEL_FILE} inside; the archive holds ${entries.map((e) => e.name).join(', ') || 'nothing'}`,
    );
  }
  return model.body;
}
