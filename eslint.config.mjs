// @ts-check
// ESLint as a new NestJS project starts with it (typescript-eslint's type-checked recommended rules, and
// Nest's adjustments), run by `npm test`. Formatting is Prettier's (npm run format:check), not ESLint's.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tests = ['test/**/*.ts', '**/*.spec.ts', '**/*.medium-spec.ts', '**/*.e2e-spec.ts'];

export default defineConfig(
  {
    ignores: [
      'eslint.config.mjs',
      'dist/**',
      'data/**',
      'coverage/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.mjs',
      // Written by openapi-typescript (npm run api:types), not by hand.
      'web/src/services/api-types.ts',
    ],
  },
  // A disable comment that no longer suppresses anything is an error, so stale ones do not pile up.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // The server, the libraries, the config and the scripts: every rule, with type information.
  {
    files: ['**/*.ts'],
    ignores: ['web/**'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'commonjs',
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Nest's starter turns this off; `any` stays visible in review, and no-unsafe-* catches its use.
      '@typescript-eslint/no-explicit-any': 'off',
      // Nest's starter makes these two warnings; here they are errors, since a warning does not fail CI.
      // A deliberate fire-and-forget is written `void promise`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      // The Twilio sandbox ends a running verb by throwing (and aborting with) these signals, which are
      // not failures and carry no stack; everything else thrown must be an Error.
      '@typescript-eslint/only-throw-error': [
        'error',
        {
          allow: [{ from: 'file', name: ['CallEnded', 'RedirectTo', 'QueueExit', 'ApplicationError'], path: 'libs/twilio-sandbox/src/execution.ts' }],
        },
      ],
      // `_name` marks a parameter a signature needs but the body does not; `{ omitted, ...rest }` drops a field.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },

  // Tests read responses from supertest and socket.io, whose bodies are typed `any`; typing every
  // `res.body.x` would add casts, not safety (the assertions check the values). So the no-unsafe-*
  // family is off in tests only. unbound-method is off there too: jest's `expect(obj.method)` and
  // method tables passed to `fn.call(obj, …)` are the idiom it misreads. require-await is off there
  // as well: fakes of async interfaces stay `async` so that a throw is a rejection, as in the real thing.
  {
    files: tests,
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // The pages (web/, built by Vite with web/tsconfig.json): the recommended rules without type information,
  // and the two classic Rules of Hooks. eslint-plugin-react-hooks 7's `recommended` also has the React
  // Compiler's checks (set-state-in-effect, refs, purity, immutability): they ask for another way of
  // loading data in effects across the pages (11 findings), a change of its own, not a lint fix.
  {
    files: ['web/**/*.{ts,tsx}'],
    extends: [eslint.configs.recommended, tseslint.configs.recommended],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
