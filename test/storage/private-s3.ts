/**
 * A private embedded S3 server for one test file: its own port (`portBase` + pid % 1000) and its
 * own data folder, started before the file's tests and stopped, with its folder removed, after them.
 */
import { after, before } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PipelineConfig } from '../../shared/pipeline/config';
import { ensureLocalS3, stopLocalS3 } from '../../shared/core/s3/local-server';

export function privateS3(portBase: number, folderPrefix: string): { config: PipelineConfig; dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  const config = loadConfig({ STROKE_S3_PORT: String(portBase + (process.pid % 1000)) });
  before(async () => {
    await ensureLocalS3(config, dataDir);
  });
  after(async () => {
    await stopLocalS3(config, dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { config, dataDir };
}
