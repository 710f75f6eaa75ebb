// Lint: typescript-eslint with type information (floating promises and non-exhaustive switches are
// bugs here: a dropped promise loses a diagnosis, a missed DiagnosisCode shows nothing), and the
// layering as a rule: only src/host may touch `vscode`, and nothing outside it may reach into it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERED = ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/webview/**/*.ts', 'src/cli/**/*.ts', 'src/sandbox/**/*.ts'];

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'bench/tmp/**', '**/*.d.ts', '**/*.d.mts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Best-effort cleanup (closing a socket, removing a temp dir) may ignore its failure on purpose;
    // any other empty block is a mistake.
    rules: { 'no-empty': ['error', { allowEmptyCatch: true }] },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // tsc's noUnusedLocals/noUnusedParameters already report these, with the same `_` escape.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    files: LAYERED,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'Only src/host may import vscode: core, protocol, webview, cli and sandbox run without an editor.' },
          ],
          // Relative paths that climb out of the layer into src/host (core's own baseUrl/host.ts is fine).
          patterns: [
            {
              group: ['../host', '../host/**', '../../host', '../../host/**', '**/src/host', '**/src/host/**'],
              message: 'src/host is the VS Code layer; nothing below it may depend on it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        performance: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        document: 'readonly',
        window: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        globalThis: 'readonly',
        URLSearchParams: 'readonly',
        // page functions handed to playwright run in the browser
        navigator: 'readonly',
        MutationObserver: 'readonly',
        getComputedStyle: 'readonly',
        location: 'readonly',
        exports: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
