import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PYTHON = '/usr/bin/python3';
const PREDICT_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'fixtures', 'hist_booster_predict.py');

/** Why python-xgboost cannot serve as the oracle here, or false when it can. */
export function pythonXGBoostSkip(): string | false {
  const ok =
    fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import xgboost, numpy'], { stdio: 'ignore' }).status === 0;
  return ok ? false : `${PYTHON} with xgboost and numpy is not available`;
}

/** Probabilities python-xgboost predicts from model bytes for row-major float64 features (NaN = missing). */
export function pythonXGBoostPredict(modelBytes: Uint8Array, data: Float64Array, cols: number): Float64Array {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'python-xgboost-'));
  try {
    const model = path.join(dir, 'model.bin');
    const features = path.join(dir, 'x.f64');
    const out = path.join(dir, 'p.f64');
    fs.writeFileSync(model, modelBytes);
    fs.writeFileSync(features, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    execFileSync(PYTHON, [PREDICT_SCRIPT, model, features, String(cols), out]);
    return new Float64Array(new Uint8Array(fs.readFileSync(out)).buffer);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
