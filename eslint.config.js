import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'bench/out/', 'coverage/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      camelcase: ['error', { properties: 'never', ignoreDestructuring: true, ignoreImports: true }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // The library core runs unchanged in the browser and on the server: plain TypeScript over Yjs.
    files: ['src/lib/library/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^svelte(/.*)?$', message: 'src/lib/library must not depend on Svelte.' },
            { regex: '^\\$app(/.*)?$', message: 'src/lib/library must not depend on SvelteKit.' },
            { regex: '^node:', message: 'src/lib/library must run in the browser too.' },
            {
              regex:
                '^(fs|path|os|crypto|http|https|net|ws|better-sqlite3|child_process|worker_threads)$',
              message: 'src/lib/library must run in the browser too.',
            },
          ],
        },
      ],
    },
  },
);
