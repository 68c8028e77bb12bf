/**
 * Lifecycle of the embedded S3 server: one per machine and port, shared by every notebook of a
 * session. `ensureLocalS3` finds a running server (by probing its port) or starts one detached,
 * so a notebook opened alone in JupyterLab works and the runner's server is reused, never
 * duplicated. A lock file serialises two starters racing; the pid file lets `stop` end it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { S3Connection } from './client';
import { paths } from '../project/paths';
import { createPidFile, isAlive, readPidFile, removePidFileOf, runsCommand } from '../project/processes';

/** What the embedded server needs to know (the pipeline's config is one). */
export interface EmbeddedS3Config extends S3Connection {
  embeddedS3Port: number;
  /** Bucket names by role; the server creates each. */
  buckets: Readonly<Record<string, string>>;
}

export interface LocalS3Status {
  running: boolean;
  endpoint: string;
  pid: number | undefined;
  /** True when this call started the server (the caller may stop it at the end). */
  startedHere: boolean;
  logFile: string;
}

const files = {
  pid: (dir: string) => path.join(dir, '.server.pid'),
  lock: (dir: string) => path.join(dir, '.server.lock'),
  log: (dir: string) => path.join(dir, '.server.log'),
};

/** The server script of THIS checkout; a pid whose command line lacks it is not our server. */
const serverScript = path.join(paths.root, 'scripts', 's3-server.ts');

/** The bucket names an S3 server lists on the port, or undefined when no S3 server answers. */
function listServerBuckets(port: number, timeoutMs = 1500): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (!body.includes('ListAllMyBucketsResult')) return resolve(undefined);
        resolve([...body.matchAll(/<Name>([^<]*)<\/Name>/g)].map((match) => match[1]));
      });
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** True when an S3 server answers ListBuckets on the port. */
export async function probeS3(port: number, timeoutMs = 1500): Promise<boolean> {
  return (await listServerBuckets(port, timeoutMs)) !== undefined;
}

/**
 * The empty bucket that marks a data folder: s3rver lists the folders of its directory as buckets,
 * so only a server serving `dataDir` lists this name. It proves a server on the port is this
 * checkout's, not another clone's writing into its own folder.
 */
function identityBucket(dataDir: string): string {
  const real = fs.realpathSync(dataDir);
  return `stroke-server-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`;
}

export class ForeignS3ServerError extends Error {
  constructor(
    readonly port: number,
    dataDir: string,
  ) {
    super(
      `the S3 server on 127.0.0.1:${port} is not this checkout's: it does not serve ${dataDir} ` +
        `(it lists no bucket ${identityBucket(dataDir)}), so data would land in another project's folder. ` +
        'Stop it (`npm run s3 -- stop` in the checkout that started it) or use another port, e.g. ' +
        `STROKE_S3_PORT=${port + 1} npm run pipeline.`,
    );
    this.name = 'ForeignS3ServerError';
  }
}

/** Whether a server answers on the port, and if so whether it serves `dataDir`. */
async function serverOnPort(port: number, dataDir: string): Promise<'none' | 'ours' | 'foreign'> {
  const buckets = await listServerBuckets(port);
  if (buckets === undefined) return 'none';
  return buckets.includes(identityBucket(dataDir)) ? 'ours' : 'foreign';
}

const readPid = (dir: string): number | undefined => readPidFile(files.pid(dir));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function withStartLock<T>(dir: string, action: () => Promise<T>): Promise<T> {
  const lock = files.lock(dir);
  const deadline = Date.now() + 30_000;
  while (!createPidFile(lock)) {
    const holder = readPidFile(lock); // undefined for a moment while the holder writes its pid
    if ((holder !== undefined && !isAlive(holder)) || Date.now() > deadline) fs.rmSync(lock, { force: true });
    else await sleep(200);
  }
  try {
    return await action();
  } finally {
    removePidFileOf(lock);
  }
}

function bucketNames(config: EmbeddedS3Config): string[] {
  return Object.values(config.buckets);
}

/** Starts the embedded server unless one already answers; waits until it serves requests. */
export async function ensureLocalS3(config: EmbeddedS3Config, dataDir = paths.s3Data): Promise<LocalS3Status> {
  if (!config.embeddedS3)
    throw new Error(`ensureLocalS3: target uses ${config.s3Endpoint ?? 'AWS S3'}, not the embedded server`);
  const port = config.embeddedS3Port;
  const endpoint = `http://127.0.0.1:${port}`;
  fs.mkdirSync(dataDir, { recursive: true });
  const status = (startedHere: boolean): LocalS3Status => ({
    running: true,
    endpoint,
    pid: readPid(dataDir),
    startedHere,
    logFile: files.log(dataDir),
  });
  const running = async (): Promise<boolean> => {
    const found = await serverOnPort(port, dataDir);
    if (found === 'foreign') throw new ForeignS3ServerError(port, dataDir);
    return found === 'ours';
  };
  fs.mkdirSync(path.join(dataDir, identityBucket(dataDir)), { recursive: true });
  if (await running()) return status(false);
  return withStartLock(dataDir, async () => {
    if (await running()) return status(false);
    const log = fs.openSync(files.log(dataDir), 'a');
    const child = spawn(
      process.execPath,
      ['--openssl-legacy-provider', '--import', 'tsx', serverScript, String(port), dataDir, ...bucketNames(config)],
      // Not part of the run that may have started it: a runner's stop must not take the shared server down.
      {
        cwd: paths.root,
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, STROKE_RUN_ID: undefined },
      },
    );
    fs.closeSync(log);
    if (child.pid === undefined) throw new Error('could not start the embedded S3 server (spawn failed)');
    fs.writeFileSync(files.pid(dataDir), String(child.pid));
    child.unref();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await running()) return status(true);
      if (!isAlive(child.pid)) break;
      await sleep(150);
    }
    const tail = fs.readFileSync(files.log(dataDir), 'utf8').split('\n').slice(-8).join('\n');
    throw new Error(
      `the embedded S3 server did not come up on ${endpoint}; its log (${files.log(dataDir)}) ends with:\n${tail}`,
    );
  });
}

export async function localS3Status(config: EmbeddedS3Config, dataDir = paths.s3Data): Promise<LocalS3Status> {
  const running = await probeS3(config.embeddedS3Port);
  return {
    running,
    endpoint: `http://127.0.0.1:${config.embeddedS3Port}`,
    pid: readPid(dataDir),
    startedHere: false,
    logFile: files.log(dataDir),
  };
}

export interface StopOutcome {
  /** True when a server of this checkout was running and has been stopped. */
  stopped: boolean;
  message: string;
}

/**
 * Stops the server recorded in the pid file. A pid that is gone, or that now belongs to another
 * process (a crash left the file behind and the pid was reused), is never signalled: the stale
 * file is removed and the outcome says so.
 */
export async function stopLocalS3(config: EmbeddedS3Config, dataDir = paths.s3Data): Promise<StopOutcome> {
  const pid = readPid(dataDir);
  const pidFile = files.pid(dataDir);
  if (pid === undefined || !isAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return { stopped: false, message: 'no embedded S3 server was running' };
  }
  if (!runsCommand(pid, serverScript)) {
    fs.rmSync(pidFile, { force: true });
    return {
      stopped: false,
      message:
        `stale pid file ${pidFile}: pid ${pid} is not this checkout's S3 server (${serverScript}); ` +
        'not signalling it, removed the file',
    };
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (isAlive(pid) || (await probeS3(config.embeddedS3Port, 300)))) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  return { stopped: true, message: `stopped (pid ${pid})` };
}
