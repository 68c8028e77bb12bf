/**
 * plotly.js as the notebooks embed it. The installed plotly.js-dist ships only its unminified
 * bundle (~10 MB); embedded as is, it made every executed chart notebook and its HTML 13-15 MB.
 * Here it is minified with esbuild (~4.8 MB, keeping the licence header) and gzipped (~1.5 MB,
 * ~2 MB as base64 inline), and the page unpacks it with the browser's DecompressionStream.
 *
 * The packed file is built once per plotly.js/esbuild version into node_modules/.cache (npm ci
 * runs `scripts/prepare.ts`, which builds it), and on first use if it is missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { transformSync, version as esbuildVersion } from 'esbuild';
import { projectRoot } from '../project/paths';

export interface PackedPlotly {
  version: string;
  /** The minified library, gzipped. */
  gzip: Buffer;
}

function plotlyPackageDir(): string {
  try {
    return path.dirname(require.resolve('plotly.js-dist/package.json'));
  } catch {
    return path.join(projectRoot, 'node_modules', 'plotly.js-dist');
  }
}

/** The installed plotly.js-dist bundle, unminified. */
export function plotlyBundlePath(): string {
  return path.join(plotlyPackageDir(), 'plotly.js');
}

function installedVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(plotlyPackageDir(), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

/** The leading block comment (plotly's copyright and licence), which minification drops. */
function licenceHeader(source: string): string {
  const match = /^\s*\/\*[\s\S]*?\*\//.exec(source);
  return match ? `${match[0].trim()}\n` : '';
}

/** Minifies plotly.js-dist's bundle; the result still defines window.Plotly. */
export function minifyPlotly(source: string): string {
  const { code } = transformSync(source, { loader: 'js', minify: true, legalComments: 'none', logLevel: 'silent' });
  return licenceHeader(source) + code;
}

export function packedPlotlyCachePath(version = installedVersion()): string {
  return path.join(
    projectRoot,
    'node_modules',
    '.cache',
    'stroke-plotly',
    `plotly-${version}-esbuild-${esbuildVersion}.min.js.gz`,
  );
}

let packed: PackedPlotly | undefined;

/**
 * The packed library: from the cache, else built now (a few seconds) and cached. A read-only
 * node_modules only costs the rebuild in each kernel.
 */
export function packedPlotly(): PackedPlotly {
  if (packed) return packed;
  const bundle = plotlyBundlePath();
  if (!fs.existsSync(bundle))
    throw new Error(`plotly.js not found at ${bundle}: the npm package plotly.js-dist must be installed`);
  const version = installedVersion();
  const cache = packedPlotlyCachePath(version);
  let gzip: Buffer | undefined;
  if (fs.existsSync(cache) && fs.statSync(cache).mtimeMs >= fs.statSync(bundle).mtimeMs) gzip = fs.readFileSync(cache);
  if (!gzip) {
    gzip = zlib.gzipSync(minifyPlotly(fs.readFileSync(bundle, 'utf8')), { level: 9 });
    try {
      fs.mkdirSync(path.dirname(cache), { recursive: true });
      const partial = `${cache}.${process.pid}.tmp`;
      fs.writeFileSync(partial, gzip);
      fs.renameSync(partial, cache);
    } catch {
      // Not cached: the next kernel builds it again.
    }
  }
  packed = { version, gzip };
  return packed;
}
