/**
 * After an interrupt the next cell could not compile (issue 15): tslab adds a cell's declarations
 * to what later cells compile against only when the cell runs to the end, and an interrupted step
 * throws (so that Run All stops). The project kernel (scripts/kernel/start-kernel.cjs) wraps
 * tslab's executor so a cell that compiled keeps its declarations however it ended. Driven here
 * through tslab's own converter and executor, as the kernel runs them.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { format } from 'node:util';
import { paths } from '../../shared/core/project/paths';

interface Converter {
  close(): void;
}
interface Executor {
  execute(src: string): Promise<boolean>;
  locals: Record<string, unknown>;
  close(): void;
}
type CreateExecutor = (
  rootDir: string,
  convs: { node: Converter; close(): void },
  console: Pick<Console, 'log' | 'error'>,
) => Executor;

/* eslint-disable @typescript-eslint/no-require-imports */
const { createConverter } = require('tslab/dist/converter') as {
  createConverter(options: { isJS: boolean; isBrowser: boolean }): Converter;
};
const { createExecutor } = require('tslab/dist/executor') as { createExecutor: CreateExecutor };
const { keepingDeclarationsOfFailedCells } = require(
  path.join(paths.root, 'scripts', 'kernel', 'keep-declarations.cjs'),
) as {
  keepingDeclarationsOfFailedCells(create: CreateExecutor): CreateExecutor;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const printed: string[] = [];
const print = (...args: unknown[]) => printed.push(format(...args));
const kernelConsole = { log: print, error: print };

function kernel(create: CreateExecutor): Executor {
  const node = createConverter({ isJS: false, isBrowser: false });
  return create(paths.root, { node, close: () => node.close() }, kernelConsole);
}

const executor = kernel(keepingDeclarationsOfFailedCells(createExecutor));
after(() => executor.close());

test(
  'a cell that threw, or whose awaited step was interrupted, keeps its declarations for the next cells',
  { timeout: 120_000 },
  async () => {
    assert.equal(await executor.execute('const opened = 1;'), true);
    // As an interrupted step's cell: its imports and the declarations before the step ran, then it threw.
    assert.equal(
      await executor.execute(
        "import { basename } from 'node:path';\nconst FOLDS = 5;\n" +
          'const tuning: { best: number } = await Promise.reject(new Error(\'step "tune" was interrupted\'));',
      ),
      false,
    );
    printed.length = 0;
    assert.equal(
      await executor.execute(
        'const next = { folds: FOLDS + opened, name: basename("/a/b.ts"), tuning: typeof tuning };',
      ),
      true,
      `the next cell compiles: ${printed.join('\n')}`,
    );
    assert.deepEqual(executor.locals.next, { folds: 6, name: 'b.ts', tuning: 'undefined' });
  },
);

test(
  'a cell that does not compile adds nothing: later cells still cannot name what it declared',
  { timeout: 120_000 },
  async () => {
    printed.length = 0;
    assert.equal(await executor.execute("const broken: number = 'text';"), false);
    assert.match(printed.join('\n'), /not assignable to type 'number'/);
    printed.length = 0;
    assert.equal(await executor.execute('const uses = broken;'), false);
    assert.match(printed.join('\n'), /Cannot find name 'broken'/);
    assert.equal(
      await executor.execute('const stillThere = opened + FOLDS;'),
      true,
      'and earlier declarations are kept',
    );
    assert.equal(executor.locals.stillThere, 6);
  },
);
