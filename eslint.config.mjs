// `npm run lint`: typescript-eslint's recommended rules (as VS Code's own extension samples use), plus the
// type-aware rules that catch real bugs in async code: a promise nobody awaits or catches, a promise passed
// where a plain value or a void callback is expected, an `await` on something that is not a promise.
// Each TypeScript file is linted with the types of its own target: the project service uses the nearest
// tsconfig.json (the root one for Node code, webview/tsconfig.json for the page, test/webview/tsconfig.json for the
// tests that drive it in Chromium).
import { fileURLToPath } from 'node:url';
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Whatever git ignores (node_modules, dist, the sandbox, caches, test artifacts), and data that is not ours.
  includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url))),
  globalIgnores(['schemas/', 'test/fixtures/', '**/*.d.mts']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Scripts, benchmarks and test helpers written as plain JavaScript run on Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS: bin/ is plain .js in a package without "type": "module".
    files: ['**/*.cjs', 'bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{ts,mts,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    rules: {
      // Regular expressions here match aligned text (YAML indentation, the plugin's tabular output), where the
      // literal spaces read like the text they match.
      'no-regex-spaces': 'off',
      // `let sub; … () => sub?.dispose() …; sub = subscribe(…)`: a variable a closure reads before its one
      // assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Names starting with `_` are unused on purpose (a parameter kept for its position, fields left out of a
      // copy by destructuring), as are the siblings of a `...rest` that omits them.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read raw API server JSON back for their assertions.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
