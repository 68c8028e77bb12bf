/**
 * Drives Debian's classic Jupyter Notebook (6.4) in headless Chromium, the way a user does: a
 * notebook server on a free port, a page per notebook, cells run through the front end's own
 * JavaScript API (Run All, run one cell, edit a cell, interrupt), outputs read back from the
 * page's output model. Autosave is switched off on every page, so the committed notebooks are
 * never written. Page code is passed as strings: the project compiles without DOM types.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { installKernelSpec, jupyterEnv } from '../../scripts/lib/kernelspec';
import { paths } from '../../shared/core/project/paths';
import { killRun, newRunId, RUN_ID_VARIABLE } from '../../scripts/lib/run-process';
import { CHROMIUM_PATH } from '../viz/browser';

/** Why the classic front end cannot be driven here, or false when it can. */
export function classicNotebookSkipReason(): string | false {
  const probe = spawnSync('jupyter', ['notebook', '--version'], { encoding: 'utf8', env: jupyterEnv() });
  return probe.status === 0 ? false : "Debian's jupyter-notebook (classic 6.4) is not installed (.ci/run installs it)";
}

export interface CellOutput {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string;
  ename?: string;
  evalue?: string;
}

export interface CellState {
  index: number;
  type: string;
  source: string;
  /** The prompt number; '*' while queued or running; null when never run. */
  prompt: number | string | null;
  outputs: CellOutput[];
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', () => resolve(0));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ClassicNotebookServer {
  private constructor(
    readonly port: number,
    readonly token: string,
    private readonly server: ChildProcess,
    private readonly runId: string,
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  /** Starts a server whose kernels see `env` (on top of this process's environment). */
  static async start(port: number, env: Record<string, string>): Promise<ClassicNotebookServer> {
    installKernelSpec(paths.jupyterData);
    const token = `t${process.pid}${Date.now()}`;
    const runId = newRunId();
    const server = spawn(
      'jupyter',
      [
        'notebook',
        '--no-browser',
        `--port=${port}`,
        '--port-retries=0',
        '--ip=127.0.0.1',
        `--NotebookApp.token=${token}`,
        `--notebook-dir=${paths.root}`,
        '--allow-root',
      ],
      {
        env: { ...jupyterEnv(), ...env, [RUN_ID_VARIABLE]: runId },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 60_000;
    while ((await get(`http://127.0.0.1:${port}/api/status?token=${token}`)) !== 200) {
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`the notebook server did not start:\n${log}`);
      await sleep(300);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the test runs (needs a browser)
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'classic-notebook-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    // Offline, as on the CI machine: only the notebook server answers.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith(`http://127.0.0.1:${port}/`) || url.startsWith('data:') || url.startsWith('blob:')
        ? route.continue()
        : route.abort('internetdisconnected');
    });
    return new ClassicNotebookServer(port, token, server, runId, context, profile);
  }

  /** Opens `relativePath` (from the project root) with its kernel connected and idle; autosave off. */
  async open(relativePath: string): Promise<NotebookPage> {
    const page = await this.context.newPage();
    const url = `http://127.0.0.1:${this.port}/notebooks/${relativePath.split('/').map(encodeURIComponent).join('/')}?token=${this.token}`;
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(
      `window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded &&
      Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() && !Jupyter.notebook.kernel_busy`,
      undefined,
      { timeout: 180_000, polling: 250 },
    );
    await page.evaluate('Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.writable = false;');
    return new NotebookPage(page);
  }

  /** Stops the browser, the server and every kernel it started. */
  async stop(): Promise<void> {
    await this.context.close().catch(() => undefined);
    fs.rmSync(this.profile, { recursive: true, force: true });
    this.server.kill('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (this.server.exitCode === null && this.server.signalCode === null && Date.now() < deadline) await sleep(200);
    killRun(this.runId);
  }
}

export class NotebookPage {
  constructor(readonly page: Page) {}

  cells(): Promise<CellState[]> {
    return this.page.evaluate(`Jupyter.notebook.get_cells().map(function (c, i) {
      return { index: i, type: c.cell_type, source: c.get_text(),
        prompt: c.cell_type === 'code' ? (c.input_prompt_number === undefined ? null : c.input_prompt_number) : null,
        outputs: c.output_area ? c.output_area.toJSON() : [] };
    })`) as Promise<CellState[]>;
  }

  /** Index of the first code cell whose source contains `text`. */
  async cellIndex(text: string): Promise<number> {
    const index = (await this.cells()).findIndex((c) => c.type === 'code' && c.source.includes(text));
    if (index < 0) throw new Error(`no code cell contains ${JSON.stringify(text)}`);
    return index;
  }

  /** Runs every cell (Cell > Run All) and waits until none is queued or running. */
  async runAll(timeoutMs: number): Promise<CellState[]> {
    await this.page.evaluate('Jupyter.notebook.execute_all_cells()');
    return this.waitUntilIdle(timeoutMs);
  }

  /** Runs cell `index` alone (Ctrl+Enter) and waits until it is done. */
  async run(index: number, timeoutMs: number): Promise<CellState> {
    await this.page.evaluate(`Jupyter.notebook.get_cell(${index}).execute()`);
    return (await this.waitUntilIdle(timeoutMs))[index];
  }

  async setSource(index: number, source: string): Promise<void> {
    await this.page.evaluate(`Jupyter.notebook.get_cell(${index}).set_text(${JSON.stringify(source)})`);
  }

  /** Waits until cell `index` is running (its prompt shows '*' and the kernel is busy). */
  async waitUntilRunning(index: number, timeoutMs: number): Promise<void> {
    await this.page.waitForFunction(
      `(function () { var c = Jupyter.notebook.get_cell(${index});
      return c.input_prompt_number === '*' && Jupyter.notebook.kernel_busy; })()`,
      undefined,
      { timeout: timeoutMs, polling: 100 },
    );
  }

  /** Kernel > Interrupt. */
  async interrupt(): Promise<void> {
    await this.page.evaluate('Jupyter.notebook.kernel.interrupt()');
  }

  /** Milliseconds until the kernel reports idle. */
  async msUntilKernelIdle(timeoutMs: number): Promise<number> {
    const started = Date.now();
    await this.page.waitForFunction('!Jupyter.notebook.kernel_busy', undefined, { timeout: timeoutMs, polling: 50 });
    return Date.now() - started;
  }

  async waitUntilIdle(timeoutMs: number): Promise<CellState[]> {
    await this.page.waitForFunction(
      `!Jupyter.notebook.kernel_busy && Jupyter.notebook.get_cells().every(function (c) {
      return c.cell_type !== 'code' || c.input_prompt_number !== '*'; })`,
      undefined,
      { timeout: timeoutMs, polling: 500 },
    );
    return this.cells();
  }

  /** Everything the page shows as text (what a user reads), e.g. an untrusted chart's fallback. */
  text(): Promise<string> {
    return this.page.evaluate('document.getElementById("notebook-container").innerText') as Promise<string>;
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
