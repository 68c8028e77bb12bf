// ESLint (flat config): @eslint/js and typescript-eslint recommended rules, plus unused variables and
// floating promises as errors. npm test runs it (scripts/test.ts); `npm run lint -- --fix` fixes what it can.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import * as path from 'node:path';

export default defineConfig(
  // What git ignores (node_modules/, reports/, the Jupyter venv, ...), the data, the fixtures, and the
  // wasm kernels scripts/build-wasm.ts generates.
  includeIgnoreFile(path.join(import.meta.dirname, '.gitignore')),
  globalIgnores(['data/', 'test/fixtures/', 'shared/ml/training/hist-booster/wasm/kernels-binary.ts']),
  // A directive that no longer suppresses anything is an error, so none outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['shared/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      // Type information (tsconfig.json) for no-floating-promises.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      // A CommonJS file has no import statement: require() is how it loads modules.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
